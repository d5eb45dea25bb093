<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP" sourcelanguage="ja_JP">
<context>
    <name>AgeingTableModel</name>
    <message>
        <source>{low}〜{high}日</source>
        <extracomment>Columns of the ageing table after the procedure name: the buckets, then these.</extracomment>
        <translation>{low}〜{high}日</translation>
    </message>
    <message>
        <source>{low}日以上</source>
        <translation>{low}日以上</translation>
    </message>
    <message>
        <source>手続</source>
        <translation>手続</translation>
    </message>
    <message>
        <source>未決 計</source>
        <translation>未決 計</translation>
    </message>
    <message>
        <source>本日期限</source>
        <translation>本日期限</translation>
    </message>
    <message>
        <source>期限超過</source>
        <translation>期限超過</translation>
    </message>
    <message>
        <source>処理期限を過ぎた未決案件</source>
        <translation>処理期限を過ぎた未決案件</translation>
    </message>
    <message>
        <source>合計</source>
        <translation>合計</translation>
    </message>
</context>
<context>
    <name>AttachmentViewer</name>
    <message>
        <source>「{name}」のファイルが保存場所に見つかりません。システム管理者に連絡してください。</source>
        <extracomment>The page&apos;s own problem code when the bytes are there but cannot be shown.</extracomment>
        <translation>「{name}」のファイルが保存場所に見つかりません。システム管理者に連絡してください。</translation>
    </message>
    <message>
        <source>「{name}」は保存後に内容が変わっています（破損または改ざんのおそれ）。表示しません。システム管理者に連絡してください。</source>
        <translation>「{name}」は保存後に内容が変わっています（破損または改ざんのおそれ）。表示しません。システム管理者に連絡してください。</translation>
    </message>
    <message>
        <source>「{name}」を読み込めませんでした（ファイルを開けません）。システム管理者に連絡してください。</source>
        <translation>「{name}」を読み込めませんでした（ファイルを開けません）。システム管理者に連絡してください。</translation>
    </message>
    <message>
        <source>添付ファイルの保存場所が設定されていないため、「{name}」を表示できません。</source>
        <translation>添付ファイルの保存場所が設定されていないため、「{name}」を表示できません。</translation>
    </message>
    <message>
        <source>「{name}」は壊れているか対応していない形式のため表示できません。</source>
        <translation>「{name}」は壊れているか対応していない形式のため表示できません。</translation>
    </message>
    <message>
        <source>⚠ {name}（表示できません）</source>
        <translation>⚠ {name}（表示できません）</translation>
    </message>
    <message>
        <source>{name}（{n} ページ）</source>
        <translation>{name}（{n} ページ）</translation>
    </message>
    <message>
        <source>{name}: {kind}、{size:,} バイト</source>
        <translation>{name}: {kind}、{size:,} バイト</translation>
    </message>
    <message>
        <source>表示する添付書類</source>
        <extracomment>``load(case_id)``: the case&apos;s attachments with their bytes (runs in the background). Zoom steps for Ctrl++ / Ctrl+- (1.0 = 100 %). A page image is on screen (after any change of file, page, zoom or rotation). The case&apos;s files are loaded (or the load failed: see :attr:`message`). Documents open now; closed on clear, on the next case, or with the widget.</extracomment>
        <translation>表示する添付書類</translation>
    </message>
    <message>
        <source>前のページ</source>
        <translation>前のページ</translation>
    </message>
    <message>
        <source>次のページ</source>
        <translation>次のページ</translation>
    </message>
    <message>
        <source>縮小</source>
        <translation>縮小</translation>
    </message>
    <message>
        <source>拡大</source>
        <translation>拡大</translation>
    </message>
    <message>
        <source>幅に合わせる</source>
        <translation>幅に合わせる</translation>
    </message>
    <message>
        <source>左に回転</source>
        <translation>左に回転</translation>
    </message>
    <message>
        <source>右に回転</source>
        <translation>右に回転</translation>
    </message>
    <message>
        <source>{action}（{key}）</source>
        <translation>{action}（{key}）</translation>
    </message>
    <message>
        <source>添付書類を読み込んでいます…</source>
        <translation>添付書類を読み込んでいます…</translation>
    </message>
    <message>
        <source>添付書類を読み込めません（終了処理中です）。</source>
        <translation>添付書類を読み込めません（終了処理中です）。</translation>
    </message>
    <message>
        <source>案件を開くと、ここに添付書類が表示されます。</source>
        <translation>案件を開くと、ここに添付書類が表示されます。</translation>
    </message>
    <message>
        <source>この案件に添付書類はありません。</source>
        <translation>この案件に添付書類はありません。</translation>
    </message>
    <message>
        <source>{page} / {count} ページ</source>
        <translation>{page} / {count} ページ</translation>
    </message>
    <message>
        <source>– / – ページ</source>
        <translation>– / – ページ</translation>
    </message>
    <message>
        <source>幅（{zoom}）</source>
        <translation>幅（{zoom}）</translation>
    </message>
</context>
<context>
    <name>BacklogChart</name>
    <message>
        <source>未決件数の推移（過去30日）</source>
        <extracomment>Hours always shown on the hourly chart (a centre&apos;s day); hours outside it are added when they had decisions.</extracomment>
        <translation>未決件数の推移（過去30日）</translation>
    </message>
    <message>
        <source>件</source>
        <translation>件</translation>
    </message>
</context>
<context>
    <name>CaseActions</name>
    <message>
        <source>担当者を割当て…</source>
        <extracomment>An action finished; the argument is what the status bar says.</extracomment>
        <translation>担当者を割当て…</translation>
    </message>
    <message>
        <source>選択した案件を指定した担当者に割り当てます</source>
        <translation>選択した案件を指定した担当者に割り当てます</translation>
    </message>
    <message>
        <source>担当を解除</source>
        <translation>担当を解除</translation>
    </message>
    <message>
        <source>選択した案件の担当を外し、キューに戻します</source>
        <translation>選択した案件の担当を外し、キューに戻します</translation>
    </message>
    <message>
        <source>優先度を変更…</source>
        <translation>優先度を変更…</translation>
    </message>
    <message>
        <source>選択した案件の優先度を変えます</source>
        <translation>選択した案件の優先度を変えます</translation>
    </message>
    <message>
        <source>{n} 件を {user} に割り当てました</source>
        <translation>{n} 件を {user} に割り当てました</translation>
    </message>
    <message>
        <source>{n} 件の担当を解除しました</source>
        <translation>{n} 件の担当を解除しました</translation>
    </message>
    <message>
        <source>{n} 件の優先度を {p} にしました</source>
        <translation>{n} 件の優先度を {p} にしました</translation>
    </message>
    <message>
        <source>一部の案件は処理できませんでした</source>
        <translation>一部の案件は処理できませんでした</translation>
    </message>
    <message>
        <source>ダッシュボード</source>
        <translation>ダッシュボード</translation>
    </message>
</context>
<context>
    <name>CaseDetailView</name>
    <message>
        <source>はい</source>
        <extracomment>Label/value pairs per header line.</extracomment>
        <translation>はい</translation>
    </message>
    <message>
        <source>いいえ</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>{amount}円</source>
        <translation>{amount}円</translation>
    </message>
    <message>
        <source>案件番号</source>
        <translation>案件番号</translation>
    </message>
    <message>
        <source>申請者</source>
        <translation>申請者</translation>
    </message>
    <message>
        <source>状態</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>処理期限</source>
        <translation>処理期限</translation>
    </message>
    <message>
        <source>受付</source>
        <translation>受付</translation>
    </message>
    <message>
        <source>担当</source>
        <translation>担当</translation>
    </message>
    <message>
        <source>（なし）</source>
        <translation>（なし）</translation>
    </message>
    <message>
        <source>担当期限</source>
        <translation>担当期限</translation>
    </message>
    <message>
        <source>補正期限</source>
        <translation>補正期限</translation>
    </message>
    <message>
        <source>保留理由</source>
        <translation>保留理由</translation>
    </message>
    <message>
        <source>注意</source>
        <translation>注意</translation>
    </message>
    <message>
        <source>二次審査から差し戻された案件です</source>
        <translation>二次審査から差し戻された案件です</translation>
    </message>
    <message>
        <source>手続</source>
        <translation>手続</translation>
    </message>
</context>
<context>
    <name>CaseLineModel</name>
    <message>
        <source>案件番号</source>
        <translation>案件番号</translation>
    </message>
    <message>
        <source>手続</source>
        <translation>手続</translation>
    </message>
    <message>
        <source>状態</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>担当</source>
        <translation>担当</translation>
    </message>
    <message>
        <source>取得時刻</source>
        <translation>取得時刻</translation>
    </message>
    <message>
        <source>担当期限</source>
        <translation>担当期限</translation>
    </message>
    <message>
        <source>受付日</source>
        <translation>受付日</translation>
    </message>
    <message>
        <source>処理期限</source>
        <translation>処理期限</translation>
    </message>
    <message>
        <source>期限を過ぎています</source>
        <translation>期限を過ぎています</translation>
    </message>
    <message>
        <source>優先度</source>
        <translation>優先度</translation>
    </message>
</context>
<context>
    <name>CasePanels</name>
    <message>
        <source>案件 {number}（閲覧のみ）</source>
        <translation>案件 {number}（閲覧のみ）</translation>
    </message>
    <message>
        <source>添付書類</source>
        <translation>添付書類</translation>
    </message>
    <message>
        <source>経過</source>
        <translation>経過</translation>
    </message>
</context>
<context>
    <name>CaseSession</name>
    <message>
        <source>案件 {number} は {who} により「{status}」になりました。入力内容は画面に残っています</source>
        <translation>案件 {number} は {who} により「{status}」になりました。入力内容は画面に残っています</translation>
    </message>
    <message>
        <source>案件 {number} は現在 {holder} が担当しています。入力内容は画面に残っています</source>
        <translation>案件 {number} は現在 {holder} が担当しています。入力内容は画面に残っています</translation>
    </message>
    <message>
        <source>（担当なし・キューで待機中）</source>
        <translation>（担当なし・キューで待機中）</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <source>クリックで並べ替え（もう一度で逆順、三度目で受付順）</source>
        <translation>クリックで並べ替え（もう一度で逆順、三度目で受付順）</translation>
    </message>
    <message>
        <source>この列では並べ替えできません</source>
        <translation>この列では並べ替えできません</translation>
    </message>
    <message>
        <source>読み込み中…</source>
        <extracomment>The case number of a row whose page is still on its way. The database order behind each column (every column sorts). Role under which each row hands out its :class:`CaseRow`. The roles a cell answers (any other role: None, before any work).</extracomment>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>案件番号</source>
        <translation>案件番号</translation>
    </message>
    <message>
        <source>申請者</source>
        <translation>申請者</translation>
    </message>
    <message>
        <source>状態</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>受付日</source>
        <translation>受付日</translation>
    </message>
    <message>
        <source>期限</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>担当</source>
        <translation>担当</translation>
    </message>
    <message>
        <source>{status}・重複?</source>
        <translation>{status}・重複?</translation>
    </message>
    <message>
        <source>優先案件</source>
        <translation>優先案件</translation>
    </message>
    <message>
        <source>同じ申請者の別の案件があります（重複の可能性）</source>
        <translation>同じ申請者の別の案件があります（重複の可能性）</translation>
    </message>
    <message>
        <source>期限を過ぎています</source>
        <translation>期限を過ぎています</translation>
    </message>
    <message>
        <source>担当期限: {time}</source>
        <translation>担当期限: {time}</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <source>再試行</source>
        <translation>再試行</translation>
    </message>
    <message>
        <source>読み込み直す</source>
        <translation>読み込み直す</translation>
    </message>
    <message>
        <source>案件を取り直す</source>
        <translation>案件を取り直す</translation>
    </message>
    <message>
        <source>閉じる</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>保存できなかった確認項目をもう一度保存します</source>
        <translation>保存できなかった確認項目をもう一度保存します</translation>
    </message>
    <message>
        <source>最新の内容を読み込みます。入力中の内容はそのままです</source>
        <translation>最新の内容を読み込みます。入力中の内容はそのままです</translation>
    </message>
    <message>
        <source>担当期限が切れた案件を取り直します。入力中の内容はそのままです</source>
        <translation>担当期限が切れた案件を取り直します。入力中の内容はそのままです</translation>
    </message>
    <message>
        <source>判定履歴</source>
        <translation>判定履歴</translation>
    </message>
    <message>
        <source>最新の内容を読み込みました。もう一度確定してください。</source>
        <translation>最新の内容を読み込みました。もう一度確定してください。</translation>
    </message>
    <message>
        <source>判定を保存しています…</source>
        <translation>判定を保存しています…</translation>
    </message>
    <message>
        <source>必須の確認項目が残り {left} 件です（次は {n}.「{label}」）</source>
        <translation>必須の確認項目が残り {left} 件です（次は {n}.「{label}」）</translation>
    </message>
    <message>
        <source>確認項目を保存しています…</source>
        <translation>確認項目を保存しています…</translation>
    </message>
    <message>
        <source>審査中の案件がありません</source>
        <translation>審査中の案件がありません</translation>
    </message>
    <message>
        <source>判定を保存しています</source>
        <translation>判定を保存しています</translation>
    </message>
    <message>
        <source>案件を読み込んでいます</source>
        <translation>案件を読み込んでいます</translation>
    </message>
    <message>
        <source>担当が外れています — 「案件を取り直す」で取り直してください</source>
        <translation>担当が外れています — 「案件を取り直す」で取り直してください</translation>
    </message>
    <message>
        <source>他の人が案件を変更しました — 「読み込み直す」で最新の内容にしてください</source>
        <translation>他の人が案件を変更しました — 「読み込み直す」で最新の内容にしてください</translation>
    </message>
    <message>
        <source>この案件を担当していません</source>
        <translation>この案件を担当していません</translation>
    </message>
    <message>
        <source>この役割ではこの判定はできません</source>
        <translation>この役割ではこの判定はできません</translation>
    </message>
    <message>
        <source>不備（✗）の項目があります: {labels} — 補正依頼にするか ✗ を外してください</source>
        <translation>不備（✗）の項目があります: {labels} — 補正依頼にするか ✗ を外してください</translation>
    </message>
</context>
<context>
    <name>ChecklistPanel</name>
    <message>
        <source>【必須】</source>
        <extracomment>Role under which each row hands out its item key. How many items have a number key.</extracomment>
        <translation>【必須】</translation>
    </message>
    <message>
        <source>必須の確認項目</source>
        <translation>必須の確認項目</translation>
    </message>
    <message>
        <source>任意の確認項目</source>
        <translation>任意の確認項目</translation>
    </message>
    <message>
        <source>{kind} — 数字キー {n} で切り替え</source>
        <translation>{kind} — 数字キー {n} で切り替え</translation>
    </message>
    <message>
        <source>確認済み</source>
        <translation>確認済み</translation>
    </message>
    <message>
        <source>未確認</source>
        <translation>未確認</translation>
    </message>
    <message>
        <source>必須</source>
        <translation>必須</translation>
    </message>
    <message>
        <source>任意</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>確認項目 {n} を切り替え</source>
        <translation>確認項目 {n} を切り替え</translation>
    </message>
    <message>
        <source>確認項目（{stage}）— 数字キー 1〜9 で切り替え</source>
        <translation>確認項目（{stage}）— 数字キー 1〜9 で切り替え</translation>
    </message>
    <message>
        <source>この段階には確認項目がありません</source>
        <translation>この段階には確認項目がありません</translation>
    </message>
    <message>
        <source>必須 {done} / {total} 確認済み — 残り {left} 件</source>
        <translation>必須 {done} / {total} 確認済み — 残り {left} 件</translation>
    </message>
    <message>
        <source>✓ 必須の確認項目はすべて確認済みです</source>
        <translation>✓ 必須の確認項目はすべて確認済みです</translation>
    </message>
</context>
<context>
    <name>Connection</name>
    <message>
        <source>接続しています…</source>
        <translation>接続しています…</translation>
    </message>
    <message>
        <source>接続中</source>
        <translation>接続中</translation>
    </message>
    <message>
        <source>接続できません</source>
        <translation>接続できません</translation>
    </message>
    <message>
        <source>未接続</source>
        <translation>未接続</translation>
    </message>
    <message>
        <source>切断</source>
        <translation>切断</translation>
    </message>
</context>
<context>
    <name>DashboardWindow</name>
    <message>
        <source>業務状況ダッシュボード — {user}</source>
        <extracomment>Local time of the last successful refresh.</extracomment>
        <translation>業務状況ダッシュボード — {user}</translation>
    </message>
    <message>
        <source>数字をクリック（または Enter）すると該当する案件を一覧します</source>
        <translation>数字をクリック（または Enter）すると該当する案件を一覧します</translation>
    </message>
    <message>
        <source>経過日数・期限の数字をクリックすると案件を表示します</source>
        <translation>経過日数・期限の数字をクリックすると案件を表示します</translation>
    </message>
    <message>
        <source>概況</source>
        <translation>概況</translation>
    </message>
    <message>
        <source>経過日数・期限</source>
        <translation>経過日数・期限</translation>
    </message>
    <message>
        <source>担当中の案件</source>
        <translation>担当中の案件</translation>
    </message>
    <message>
        <source>担当者</source>
        <translation>担当者</translation>
    </message>
    <message>
        <source>グラフ</source>
        <translation>グラフ</translation>
    </message>
    <message>
        <source>最終更新: —</source>
        <translation>最終更新: —</translation>
    </message>
    <message>
        <source>● 読み込み中…</source>
        <translation>● 読み込み中…</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>更新</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>今すぐ最新の数字にします</source>
        <translation>今すぐ最新の数字にします</translation>
    </message>
    <message>
        <source>自動更新の間隔(秒) </source>
        <translation>自動更新の間隔(秒) </translation>
    </message>
    <message>
        <source>この間隔で数字を自動的に更新します</source>
        <translation>この間隔で数字を自動的に更新します</translation>
    </message>
    <message>
        <source>最終更新: {time}</source>
        <translation>最終更新: {time}</translation>
    </message>
    <message>
        <source>● 接続中（今週 {start}〜）</source>
        <translation>● 接続中（今週 {start}〜）</translation>
    </message>
    <message>
        <source>⚠ 接続できません</source>
        <translation>⚠ 接続できません</translation>
    </message>
    <message>
        <source>⚠ データベースに接続できません。表示中の数字は {time} 時点のものです（{n} 秒ごとに再接続を試みます）。
{detail}</source>
        <translation>⚠ データベースに接続できません。表示中の数字は {time} 時点のものです（{n} 秒ごとに再接続を試みます）。
{detail}</translation>
    </message>
    <message>
        <source>⚠ 更新できません</source>
        <translation>⚠ 更新できません</translation>
    </message>
    <message>
        <source>⚠ 数字を更新できません（表示は {time} 時点）: {detail}</source>
        <translation>⚠ 数字を更新できません（表示は {time} 時点）: {detail}</translation>
    </message>
    <message>
        <source>本日期限</source>
        <translation>本日期限</translation>
    </message>
    <message>
        <source>期限超過</source>
        <translation>期限超過</translation>
    </message>
    <message>
        <source>全手続</source>
        <translation>全手続</translation>
    </message>
    <message>
        <source>{title} — {where}（{n} 件）</source>
        <translation>{title} — {where}（{n} 件）</translation>
    </message>
</context>
<context>
    <name>DecisionBar</name>
    <message>
        <source>承認</source>
        <translation>承認</translation>
    </message>
    <message>
        <source>補正依頼</source>
        <translation>補正依頼</translation>
    </message>
    <message>
        <source>却下</source>
        <translation>却下</translation>
    </message>
    <message>
        <source>保留</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>確認（同意）</source>
        <translation>確認（同意）</translation>
    </message>
    <message>
        <source>差戻し</source>
        <translation>差戻し</translation>
    </message>
    <message>
        <source>必須の確認項目がそろった案件を承認します</source>
        <translation>必須の確認項目がそろった案件を承認します</translation>
    </message>
    <message>
        <source>不備項目・内容・期限を示して補正を依頼します</source>
        <translation>不備項目・内容・期限を示して補正を依頼します</translation>
    </message>
    <message>
        <source>理由コードと理由となる事実を記載して却下します</source>
        <translation>理由コードと理由となる事実を記載して却下します</translation>
    </message>
    <message>
        <source>理由を記載して保留にします</source>
        <translation>理由を記載して保留にします</translation>
    </message>
    <message>
        <source>一次審査の判定に同意して確定します</source>
        <translation>一次審査の判定に同意して確定します</translation>
    </message>
    <message>
        <source>理由を記載して一次審査に差し戻します</source>
        <translation>理由を記載して一次審査に差し戻します</translation>
    </message>
</context>
<context>
    <name>DecisionDialog</name>
    <message>
        <source>申請者に補正（不備の訂正・追加書類）を求めます。不備項目と期限は通知書に記載されます。</source>
        <extracomment>Checks a request; returns what is missing (empty: it may be saved).</extracomment>
        <translation>申請者に補正（不備の訂正・追加書類）を求めます。不備項目と期限は通知書に記載されます。</translation>
    </message>
    <message>
        <source>申請を却下します。理由コードと、理由となる事実の記載が必要です（行政手続法第8条）。</source>
        <translation>申請を却下します。理由コードと、理由となる事実の記載が必要です（行政手続法第8条）。</translation>
    </message>
    <message>
        <source>案件を保留にします。保留の理由を記載してください。</source>
        <translation>案件を保留にします。保留の理由を記載してください。</translation>
    </message>
    <message>
        <source>一次審査に差し戻します。一次審査担当者への理由を記載してください。</source>
        <translation>一次審査に差し戻します。一次審査担当者への理由を記載してください。</translation>
    </message>
    <message>
        <source>補正を求める内容</source>
        <translation>補正を求める内容</translation>
    </message>
    <message>
        <source>理由となる事実</source>
        <translation>理由となる事実</translation>
    </message>
    <message>
        <source>保留の理由</source>
        <translation>保留の理由</translation>
    </message>
    <message>
        <source>差戻しの理由</source>
        <translation>差戻しの理由</translation>
    </message>
    <message>
        <source>{kind} — {procedure}</source>
        <translation>{kind} — {procedure}</translation>
    </message>
    <message>
        <source>不備項目（1つ以上）</source>
        <translation>不備項目（1つ以上）</translation>
    </message>
    <message>
        <source>却下理由（1つ以上）</source>
        <translation>却下理由（1つ以上）</translation>
    </message>
    <message>
        <source>補正期限（既定は手続の補正期間）</source>
        <translation>補正期限（既定は手続の補正期間）</translation>
    </message>
    <message>
        <source>案件を取り直す</source>
        <translation>案件を取り直す</translation>
    </message>
    <message>
        <source>担当期限が切れた案件を取り直します。入力内容はそのままです</source>
        <translation>担当期限が切れた案件を取り直します。入力内容はそのままです</translation>
    </message>
    <message>
        <source>最新の内容を読み込む</source>
        <translation>最新の内容を読み込む</translation>
    </message>
    <message>
        <source>他の人の変更を読み込みます。入力内容はそのままです</source>
        <translation>他の人の変更を読み込みます。入力内容はそのままです</translation>
    </message>
    <message>
        <source>{kind}を確定 (Ctrl+Enter)</source>
        <translation>{kind}を確定 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>閉じる（入力は保持）</source>
        <translation>閉じる（入力は保持）</translation>
    </message>
    <message>
        <source>ダイアログを閉じます。入力した内容は次に開いたときも残っています (Esc)</source>
        <translation>ダイアログを閉じます。入力した内容は次に開いたときも残っています (Esc)</translation>
    </message>
    <message>
        <source>判定を確定</source>
        <translation>判定を確定</translation>
    </message>
    <message>
        <source>保存しています…</source>
        <translation>保存しています…</translation>
    </message>
    <message>
        <source>入力内容は保持されています。もう一度確定すると再試行します。</source>
        <translation>入力内容は保持されています。もう一度確定すると再試行します。</translation>
    </message>
    <message>
        <source>{kind}を確定します (Ctrl+Enter)</source>
        <translation>{kind}を確定します (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>確定できない理由:</source>
        <translation>確定できない理由:</translation>
    </message>
</context>
<context>
    <name>DecisionHistory</name>
    <message>
        <source>日時</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>段階</source>
        <translation>段階</translation>
    </message>
    <message>
        <source>判定</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>担当</source>
        <translation>担当</translation>
    </message>
    <message>
        <source>理由・不備</source>
        <translation>理由・不備</translation>
    </message>
    <message>
        <source>記載・期限</source>
        <translation>記載・期限</translation>
    </message>
    <message>
        <source>期限 {date}</source>
        <translation>期限 {date}</translation>
    </message>
</context>
<context>
    <name>DuplicateBanner</name>
    <message>
        <source>重複の可能性</source>
        <extracomment>``load(case_id)``: the case&apos;s duplicate links (runs in the background). The operator chose the link to another case (its id).</extracomment>
        <translation>重複の可能性</translation>
    </message>
    <message>
        <source>重複の可能性: 同じ申請者の案件があります（{cases}）。内容を確認してください。</source>
        <translation>重複の可能性: 同じ申請者の案件があります（{cases}）。内容を確認してください。</translation>
    </message>
    <message>
        <source>案件番号を選ぶと、その案件を開きます（Tab で選んで Enter）</source>
        <translation>案件番号を選ぶと、その案件を開きます（Tab で選んで Enter）</translation>
    </message>
    <message>
        <source>重複の確認ができませんでした: {error}</source>
        <translation>重複の確認ができませんでした: {error}</translation>
    </message>
</context>
<context>
    <name>EnclosureDialog</name>
    <message>
        <source>封入封緘確認</source>
        <extracomment>The envelope being filled; only the (single, ordered) worker changes it.</extracomment>
        <translation>封入封緘確認</translation>
    </message>
    <message>
        <source>用紙の2次元コードを読み取ってください</source>
        <translation>用紙の2次元コードを読み取ってください</translation>
    </message>
    <message>
        <source>1枚目を読み取ってください</source>
        <translation>1枚目を読み取ってください</translation>
    </message>
    <message>
        <source>すべてのバッチ</source>
        <translation>すべてのバッチ</translation>
    </message>
    <message>
        <source>未確認一覧を更新</source>
        <translation>未確認一覧を更新</translation>
    </message>
    <message>
        <source>この封筒をやり直す</source>
        <translation>この封筒をやり直す</translation>
    </message>
    <message>
        <source>印刷バッチ</source>
        <translation>印刷バッチ</translation>
    </message>
    <message>
        <source>印刷済みで封入未確認の通知</source>
        <translation>印刷済みで封入未確認の通知</translation>
    </message>
    <message>
        <source>（新しい封筒）</source>
        <translation>（新しい封筒）</translation>
    </message>
    <message>
        <source>封筒: {e}&#x3000;{en}
用紙: {s}&#x3000;{sn}</source>
        <translation>封筒: {e}&#x3000;{en}
用紙: {s}&#x3000;{sn}</translation>
    </message>
    <message>
        <source>{n} / {total} 枚</source>
        <translation>{n} / {total} 枚</translation>
    </message>
    <message>
        <source>確認済み。次の封筒の1枚目を読み取ってください</source>
        <translation>確認済み。次の封筒の1枚目を読み取ってください</translation>
    </message>
    <message>
        <source>{n} 枚</source>
        <translation>{n} 枚</translation>
    </message>
    <message>
        <source>バッチ {b}</source>
        <translation>バッチ {b}</translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <source>はい</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>いいえ</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>（選択してください）</source>
        <translation>（選択してください）</translation>
    </message>
    <message>
        <source>例: 令和5年4月1日、R5.4.1、S45/1/1、1990-01-02</source>
        <translation>例: 令和5年4月1日、R5.4.1、S45/1/1、1990-01-02</translation>
    </message>
    <message>
        <source>例: 650-0001</source>
        <translation>例: 650-0001</translation>
    </message>
    <message>
        <source>例: 078-331-8181</source>
        <translation>例: 078-331-8181</translation>
    </message>
    <message>
        <source>カタカナまたはひらがな</source>
        <translation>カタカナまたはひらがな</translation>
    </message>
    <message>
        <source>12桁の個人番号</source>
        <translation>12桁の個人番号</translation>
    </message>
    <message>
        <source>例: name@example.jp</source>
        <translation>例: name@example.jp</translation>
    </message>
    <message>
        <source>円（例: 48000）</source>
        <translation>円（例: 48000）</translation>
    </message>
    <message>
        <source>正しい入力</source>
        <translation>正しい入力</translation>
    </message>
    <message>
        <source>誤り</source>
        <translation>誤り</translation>
    </message>
    <message>
        <source>確認が必要</source>
        <translation>確認が必要</translation>
    </message>
</context>
<context>
    <name>FieldReview</name>
    <message>
        <source>（記入なし）</source>
        <translation>（記入なし）</translation>
    </message>
    <message>
        <source>「{label}」は書類と一致しています</source>
        <translation>「{label}」は書類と一致しています</translation>
    </message>
    <message>
        <source>{label} 確認済み</source>
        <translation>{label} 確認済み</translation>
    </message>
    <message>
        <source>「{label}」に不備があります — 内容を書くと補正依頼に載ります</source>
        <translation>「{label}」に不備があります — 内容を書くと補正依頼に載ります</translation>
    </message>
    <message>
        <source>{label} 不備あり</source>
        <translation>{label} 不備あり</translation>
    </message>
    <message>
        <source>不備の種類（任意）</source>
        <translation>不備の種類（任意）</translation>
    </message>
    <message>
        <source>✗ 不備の内容（補正依頼に記載されます）</source>
        <translation>✗ 不備の内容（補正依頼に記載されます）</translation>
    </message>
    <message>
        <source>{label} の不備の内容</source>
        <translation>{label} の不備の内容</translation>
    </message>
    <message>
        <source>一次審査: 未確認</source>
        <translation>一次審査: 未確認</translation>
    </message>
    <message>
        <source>一次審査: ✓ 一致</source>
        <translation>一次審査: ✓ 一致</translation>
    </message>
    <message>
        <source>（内容の記載なし）</source>
        <translation>（内容の記載なし）</translation>
    </message>
    <message>
        <source>一次審査: ✗ {kind}{note}</source>
        <translation>一次審査: ✗ {kind}{note}</translation>
    </message>
</context>
<context>
    <name>FirstReviewSummary</name>
    <message>
        <source>一次審査の判定 — {name}（{at}）</source>
        <translation>一次審査の判定 — {name}（{at}）</translation>
    </message>
    <message>
        <source>判定</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>理由</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>記載</source>
        <translation>記載</translation>
    </message>
    <message>
        <source>（記載なし）</source>
        <translation>（記載なし）</translation>
    </message>
    <message>
        <source>補正期限</source>
        <translation>補正期限</translation>
    </message>
    <message>
        <source>□ 未確認</source>
        <translation>□ 未確認</translation>
    </message>
    <message>
        <source>【必須】</source>
        <translation>【必須】</translation>
    </message>
    <message>
        <source>確認項目</source>
        <translation>確認項目</translation>
    </message>
    <message>
        <source>（内容の記載なし）</source>
        <translation>（内容の記載なし）</translation>
    </message>
    <message>
        <source>（項目ごとの確認はありません）</source>
        <translation>（項目ごとの確認はありません）</translation>
    </message>
    <message>
        <source>項目ごとの確認</source>
        <translation>項目ごとの確認</translation>
    </message>
</context>
<context>
    <name>FontSizeActions</name>
    <message>
        <source>文字を大きく</source>
        <extracomment>Japanese UI fonts in order of preference (Windows, macOS, Linux), when the bundled font is missing. The bundled UI font: its family name and files (regular first). One font-size step of the View menu, in points.</extracomment>
        <translation>文字を大きく</translation>
    </message>
    <message>
        <source>画面の文字を大きくします</source>
        <translation>画面の文字を大きくします</translation>
    </message>
    <message>
        <source>文字を小さく</source>
        <translation>文字を小さく</translation>
    </message>
    <message>
        <source>画面の文字を小さくします</source>
        <translation>画面の文字を小さくします</translation>
    </message>
    <message>
        <source>文字の大きさを標準に戻す</source>
        <translation>文字の大きさを標準に戻す</translation>
    </message>
    <message>
        <source>画面の文字を標準の大きさ（{points} pt）に戻します</source>
        <translation>画面の文字を標準の大きさ（{points} pt）に戻します</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>理由: {reasons}</source>
        <extracomment>Audit actions that only record a look at the case (hidden by default). Role of the :class:`HistoryEntry` behind a row.</extracomment>
        <translation>理由: {reasons}</translation>
    </message>
    <message>
        <source>記載: {note}</source>
        <translation>記載: {note}</translation>
    </message>
    <message>
        <source>補正期限: {date}</source>
        <translation>補正期限: {date}</translation>
    </message>
    <message>
        <source>「{item}」を確認</source>
        <translation>「{item}」を確認</translation>
    </message>
    <message>
        <source>「{item}」の確認を取消し</source>
        <translation>「{item}」の確認を取消し</translation>
    </message>
    <message>
        <source>担当: {user}</source>
        <translation>担当: {user}</translation>
    </message>
    <message>
        <source>前の担当: {user}</source>
        <translation>前の担当: {user}</translation>
    </message>
    <message>
        <source>理由: {reason}</source>
        <translation>理由: {reason}</translation>
    </message>
    <message>
        <source>受付番号: {number}</source>
        <translation>受付番号: {number}</translation>
    </message>
    <message>
        <source>{channel}で {n} 項目を補正</source>
        <translation>{channel}で {n} 項目を補正</translation>
    </message>
    <message>
        <source>添付 {n} 件</source>
        <translation>添付 {n} 件</translation>
    </message>
    <message>
        <source>メモ: {note}</source>
        <translation>メモ: {note}</translation>
    </message>
    <message>
        <source>{n} 件</source>
        <translation>{n} 件</translation>
    </message>
    <message>
        <source>（空欄）</source>
        <translation>（空欄）</translation>
    </message>
    <message>
        <source>日時</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>担当者</source>
        <translation>担当者</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>項目</source>
        <translation>項目</translation>
    </message>
    <message>
        <source>変更前</source>
        <translation>変更前</translation>
    </message>
    <message>
        <source>変更後</source>
        <translation>変更後</translation>
    </message>
    <message>
        <source>閲覧の記録も表示する</source>
        <translation>閲覧の記録も表示する</translation>
    </message>
    <message>
        <source>案件や添付書類を誰がいつ閲覧したかも一覧に含めます</source>
        <translation>案件や添付書類を誰がいつ閲覧したかも一覧に含めます</translation>
    </message>
    <message>
        <source>案件の履歴</source>
        <translation>案件の履歴</translation>
    </message>
    <message>
        <source>案件を開くと、ここに履歴が表示されます。</source>
        <translation>案件を開くと、ここに履歴が表示されます。</translation>
    </message>
    <message>
        <source>補正再提出で変更された項目</source>
        <translation>補正再提出で変更された項目</translation>
    </message>
    <message>
        <source>補正再提出の変更点（{at}、{channel}、{actor}）</source>
        <translation>補正再提出の変更点（{at}、{channel}、{actor}）</translation>
    </message>
    <message>
        <source> — 変更された項目はありません（書類のみ）</source>
        <translation> — 変更された項目はありません（書類のみ）</translation>
    </message>
</context>
<context>
    <name>HourlyChart</name>
    <message>
        <source>本日の時間帯別 決定件数</source>
        <translation>本日の時間帯別 決定件数</translation>
    </message>
    <message>
        <source>{h}時</source>
        <translation>{h}時</translation>
    </message>
    <message>
        <source>決定件数</source>
        <translation>決定件数</translation>
    </message>
</context>
<context>
    <name>IdleLock</name>
    <message>
        <source>画面をロック</source>
        <translation>画面をロック</translation>
    </message>
    <message>
        <source>席を離れるときに画面をロックします (Ctrl+Shift+L)</source>
        <translation>席を離れるときに画面をロックします (Ctrl+Shift+L)</translation>
    </message>
    <message>
        <source>パスワードを入力してください</source>
        <translation>パスワードを入力してください</translation>
    </message>
    <message>
        <source>確認しています…</source>
        <translation>確認しています…</translation>
    </message>
    <message>
        <source>パスワードが正しくありません</source>
        <translation>パスワードが正しくありません</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>受付</source>
        <translation>受付</translation>
    </message>
    <message>
        <source>一次審査中</source>
        <translation>一次審査中</translation>
    </message>
    <message>
        <source>二次審査待ち</source>
        <translation>二次審査待ち</translation>
    </message>
    <message>
        <source>二次審査中</source>
        <translation>二次審査中</translation>
    </message>
    <message>
        <source>決定（承認）</source>
        <translation>決定（承認）</translation>
    </message>
    <message>
        <source>決定（却下）</source>
        <translation>決定（却下）</translation>
    </message>
    <message>
        <source>補正待ち</source>
        <translation>補正待ち</translation>
    </message>
    <message>
        <source>補正再提出</source>
        <translation>補正再提出</translation>
    </message>
    <message>
        <source>保留</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>取下げ</source>
        <translation>取下げ</translation>
    </message>
    <message>
        <source>通知印刷済</source>
        <translation>通知印刷済</translation>
    </message>
    <message>
        <source>封入確認済</source>
        <translation>封入確認済</translation>
    </message>
    <message>
        <source>発送済</source>
        <translation>発送済</translation>
    </message>
    <message>
        <source>完了</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>審査担当</source>
        <translation>審査担当</translation>
    </message>
    <message>
        <source>二次審査担当</source>
        <translation>二次審査担当</translation>
    </message>
    <message>
        <source>印刷・発送担当</source>
        <translation>印刷・発送担当</translation>
    </message>
    <message>
        <source>SV（監督者）</source>
        <translation>SV（監督者）</translation>
    </message>
    <message>
        <source>管理者</source>
        <translation>管理者</translation>
    </message>
    <message>
        <source>一次審査</source>
        <translation>一次審査</translation>
    </message>
    <message>
        <source>二次審査</source>
        <translation>二次審査</translation>
    </message>
    <message>
        <source>受付（案件登録）</source>
        <translation>受付（案件登録）</translation>
    </message>
    <message>
        <source>閲覧</source>
        <translation>閲覧</translation>
    </message>
    <message>
        <source>添付書類の閲覧</source>
        <translation>添付書類の閲覧</translation>
    </message>
    <message>
        <source>補正内容の閲覧</source>
        <translation>補正内容の閲覧</translation>
    </message>
    <message>
        <source>確認項目</source>
        <translation>確認項目</translation>
    </message>
    <message>
        <source>取得（担当開始）</source>
        <translation>取得（担当開始）</translation>
    </message>
    <message>
        <source>担当解除</source>
        <translation>担当解除</translation>
    </message>
    <message>
        <source>担当期限切れ</source>
        <translation>担当期限切れ</translation>
    </message>
    <message>
        <source>担当割当て</source>
        <translation>担当割当て</translation>
    </message>
    <message>
        <source>承認</source>
        <translation>承認</translation>
    </message>
    <message>
        <source>却下</source>
        <translation>却下</translation>
    </message>
    <message>
        <source>補正依頼（返戻）</source>
        <translation>補正依頼（返戻）</translation>
    </message>
    <message>
        <source>二次審査で確認</source>
        <translation>二次審査で確認</translation>
    </message>
    <message>
        <source>差戻し</source>
        <translation>差戻し</translation>
    </message>
    <message>
        <source>保留解除</source>
        <translation>保留解除</translation>
    </message>
    <message>
        <source>通知書印刷</source>
        <translation>通知書印刷</translation>
    </message>
    <message>
        <source>通知書再印刷</source>
        <translation>通知書再印刷</translation>
    </message>
    <message>
        <source>通知書印刷見送り</source>
        <translation>通知書印刷見送り</translation>
    </message>
    <message>
        <source>封入確認</source>
        <translation>封入確認</translation>
    </message>
    <message>
        <source>封入不一致</source>
        <translation>封入不一致</translation>
    </message>
    <message>
        <source>電話</source>
        <translation>電話</translation>
    </message>
    <message>
        <source>書面（郵送）</source>
        <translation>書面（郵送）</translation>
    </message>
    <message>
        <source>オンライン</source>
        <translation>オンライン</translation>
    </message>
    <message>
        <source>窓口</source>
        <translation>窓口</translation>
    </message>
</context>
<context>
    <name>LockForm</name>
    <message>
        <source>🔒 画面をロックしました</source>
        <extracomment>Events that mean a person is at the keyboard (and that the lock must stop).</extracomment>
        <translation>🔒 画面をロックしました</translation>
    </message>
    <message>
        <source>{name} さんのパスワードを入力すると、作業中の画面に戻ります。入力中の内容はそのまま残っています。</source>
        <translation>{name} さんのパスワードを入力すると、作業中の画面に戻ります。入力中の内容はそのまま残っています。</translation>
    </message>
    <message>
        <source>パスワード</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>ロック解除 (Enter)</source>
        <translation>ロック解除 (Enter)</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>利用者名を入力してください</source>
        <extracomment>Makes the message under the fields again (in the language of the moment).</extracomment>
        <translation>利用者名を入力してください</translation>
    </message>
    <message>
        <source>確認しています…</source>
        <translation>確認しています…</translation>
    </message>
    <message>
        <source>接続先: {database}</source>
        <translation>接続先: {database}</translation>
    </message>
    <message>
        <source>データベースに接続できません: {error}</source>
        <translation>データベースに接続できません: {error}</translation>
    </message>
    <message>
        <source>データベースに接続しています…</source>
        <translation>データベースに接続しています…</translation>
    </message>
    <message>
        <source>審査デスク — ログイン</source>
        <translation>審査デスク — ログイン</translation>
    </message>
    <message>
        <source>審査デスク</source>
        <translation>審査デスク</translation>
    </message>
    <message>
        <source>接続しています…</source>
        <translation>接続しています…</translation>
    </message>
    <message>
        <source>利用者名(&amp;U)</source>
        <translation>利用者名(&amp;U)</translation>
    </message>
    <message>
        <source>パスワード(&amp;P)</source>
        <translation>パスワード(&amp;P)</translation>
    </message>
    <message>
        <source>表示言語(&amp;L)</source>
        <translation>表示言語(&amp;L)</translation>
    </message>
    <message>
        <source>デモ用アカウント（クリックすると入力されます）</source>
        <translation>デモ用アカウント（クリックすると入力されます）</translation>
    </message>
    <message>
        <source>利用者名</source>
        <translation>利用者名</translation>
    </message>
    <message>
        <source>役割</source>
        <translation>役割</translation>
    </message>
    <message>
        <source>パスワード</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>再試行(&amp;R)</source>
        <translation>再試行(&amp;R)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>審査デスク — {user}</source>
        <extracomment>Renew the lease on the claimed case this often (leases last 15 minutes). Refresh the queue counts this often. QSettings key: open the next case of the same queue after a decision (default on).</extracomment>
        <translation>審査デスク — {user}</translation>
    </message>
    <message>
        <source>先にキューを選択してください</source>
        <translation>先にキューを選択してください</translation>
    </message>
    <message>
        <source>次の案件を取得しています…</source>
        <translation>次の案件を取得しています…</translation>
    </message>
    <message>
        <source>案件 {number}（{applicant}）を取得しました</source>
        <translation>案件 {number}（{applicant}）を取得しました</translation>
    </message>
    <message>
        <source>このキューには待っている案件がありません。</source>
        <translation>このキューには待っている案件がありません。</translation>
    </message>
    <message>
        <source>案件 {number} を「{status}」にしました</source>
        <translation>案件 {number} を「{status}」にしました</translation>
    </message>
    <message>
        <source>案件 {number} をキューに戻しました</source>
        <translation>案件 {number} をキューに戻しました</translation>
    </message>
    <message>
        <source>取得中の案件を判定するか解放してから次の案件を取得してください (F2)</source>
        <translation>取得中の案件を判定するか解放してから次の案件を取得してください (F2)</translation>
    </message>
    <message>
        <source>印刷(&amp;P)</source>
        <extracomment>``run(fn, on_success, label=…)``: the window&apos;s way of running a task in the background.</extracomment>
        <translation>印刷(&amp;P)</translation>
    </message>
    <message>
        <source>通知書の一括印刷…</source>
        <translation>通知書の一括印刷…</translation>
    </message>
    <message>
        <source>決定済みの案件の通知書を印刷します (Ctrl+P)</source>
        <translation>決定済みの案件の通知書を印刷します (Ctrl+P)</translation>
    </message>
    <message>
        <source>封入封緘確認…</source>
        <translation>封入封緘確認…</translation>
    </message>
    <message>
        <source>封筒ごとに2次元コードを読み取って確認します (Ctrl+E)</source>
        <translation>封筒ごとに2次元コードを読み取って確認します (Ctrl+E)</translation>
    </message>
    <message>
        <source>審査デスク</source>
        <translation>審査デスク</translation>
    </message>
    <message>
        <source>案件を取得していません。キューを選んで F2（次の案件）を押してください。</source>
        <translation>案件を取得していません。キューを選んで F2（次の案件）を押してください。</translation>
    </message>
    <message>
        <source>キューを選択してください</source>
        <translation>キューを選択してください</translation>
    </message>
    <message>
        <source>この役割ではこのキューの案件を取得できません</source>
        <translation>この役割ではこのキューの案件を取得できません</translation>
    </message>
    <message>
        <source>選択したキューから次の案件を取得します (F2)</source>
        <translation>選択したキューから次の案件を取得します (F2)</translation>
    </message>
    <message>
        <source>利用者: {name}</source>
        <translation>利用者: {name}</translation>
    </message>
    <message>
        <source>役割: {role}</source>
        <translation>役割: {role}</translation>
    </message>
    <message>
        <source>DB: {label}</source>
        <translation>DB: {label}</translation>
    </message>
    <message>
        <source>キュー</source>
        <translation>キュー</translation>
    </message>
    <message>
        <source>手続・段階</source>
        <translation>手続・段階</translation>
    </message>
    <message>
        <source>待ち</source>
        <translation>待ち</translation>
    </message>
    <message>
        <source>処理中</source>
        <translation>処理中</translation>
    </message>
    <message>
        <source>ファイル(&amp;F)</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>案件(&amp;C)</source>
        <translation>案件(&amp;C)</translation>
    </message>
    <message>
        <source>判定(&amp;D)</source>
        <translation>判定(&amp;D)</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>次の案件(&amp;N)</source>
        <translation>次の案件(&amp;N)</translation>
    </message>
    <message>
        <source>次の案件 (F2)</source>
        <translation>次の案件 (F2)</translation>
    </message>
    <message>
        <source>解放(&amp;R)</source>
        <translation>解放(&amp;R)</translation>
    </message>
    <message>
        <source>解放</source>
        <translation>解放</translation>
    </message>
    <message>
        <source>取得中の案件をキューに戻します (Ctrl+Shift+R)</source>
        <translation>取得中の案件をキューに戻します (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>案件一覧を表示(&amp;V)</source>
        <translation>案件一覧を表示(&amp;V)</translation>
    </message>
    <message>
        <source>一覧 (F6)</source>
        <translation>一覧 (F6)</translation>
    </message>
    <message>
        <source>取得中の案件と案件一覧を切り替えます (F6)</source>
        <translation>取得中の案件と案件一覧を切り替えます (F6)</translation>
    </message>
    <message>
        <source>判定後に次の案件を自動で開く(&amp;A)</source>
        <translation>判定後に次の案件を自動で開く(&amp;A)</translation>
    </message>
    <message>
        <source>判定を保存したら、同じキューの次の案件を取得して開きます</source>
        <translation>判定を保存したら、同じキューの次の案件を取得して開きます</translation>
    </message>
    <message>
        <source>取得中の案件をキューに戻して終了します (Ctrl+Q)</source>
        <translation>取得中の案件をキューに戻して終了します (Ctrl+Q)</translation>
    </message>
    <message>
        <source>再読み込み(&amp;L)</source>
        <translation>再読み込み(&amp;L)</translation>
    </message>
    <message>
        <source>再読み込み (F5)</source>
        <translation>再読み込み (F5)</translation>
    </message>
    <message>
        <source>キューの件数と案件一覧を読み込み直します (F5)</source>
        <translation>キューの件数と案件一覧を読み込み直します (F5)</translation>
    </message>
    <message>
        <source>終了(&amp;X)</source>
        <translation>終了(&amp;X)</translation>
    </message>
</context>
<context>
    <name>ManualEntry</name>
    <message>
        <source>電話</source>
        <extracomment>Sources an operator keys in: (service code, label to translate in &quot;ManualEntry&quot;).</extracomment>
        <translation>電話</translation>
    </message>
    <message>
        <source>郵送・紙</source>
        <translation>郵送・紙</translation>
    </message>
    <message>
        <source>窓口</source>
        <translation>窓口</translation>
    </message>
</context>
<context>
    <name>ManualEntryDialog</name>
    <message>
        <source>電話・郵送申請の入力</source>
        <extracomment>The receipt number of a save that failed, and what it saved: a retry of the same values reuses it (the service then finds the case if it was stored).</extracomment>
        <translation>電話・郵送申請の入力</translation>
    </message>
    <message>
        <source>空欄なら自動で付番します</source>
        <translation>空欄なら自動で付番します</translation>
    </message>
    <message>
        <source>空欄なら本日（例: 令和8年11月20日）</source>
        <translation>空欄なら本日（例: 令和8年11月20日）</translation>
    </message>
    <message>
        <source>登録 (Ctrl+Enter)</source>
        <translation>登録 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>閉じる (Esc)</source>
        <translation>閉じる (Esc)</translation>
    </message>
    <message>
        <source>入力した申請を登録します</source>
        <translation>入力した申請を登録します</translation>
    </message>
    <message>
        <source>手続</source>
        <translation>手続</translation>
    </message>
    <message>
        <source>受付番号</source>
        <translation>受付番号</translation>
    </message>
    <message>
        <source>受付方法</source>
        <translation>受付方法</translation>
    </message>
    <message>
        <source>受付日</source>
        <translation>受付日</translation>
    </message>
    <message>
        <source>保存しています…</source>
        <translation>保存しています…</translation>
    </message>
    <message>
        <source>✓ 案件 {number} を登録しました（受付番号 {receipt}）。</source>
        <translation>✓ 案件 {number} を登録しました（受付番号 {receipt}）。</translation>
    </message>
    <message>
        <source>⚠ 同じ申請者の案件が {count} 件あります（重複の可能性）。</source>
        <translation>⚠ 同じ申請者の案件が {count} 件あります（重複の可能性）。</translation>
    </message>
    <message>
        <source>✗ 保存できませんでした: {error}
入力した内容はそのまま残っています。直してから、またはデータベースが戻ってから、もう一度登録してください。</source>
        <translation>✗ 保存できませんでした: {error}
入力した内容はそのまま残っています。直してから、またはデータベースが戻ってから、もう一度登録してください。</translation>
    </message>
    <message>
        <source>受付番号が長すぎるか、使えない文字を含みます（128文字まで）</source>
        <translation>受付番号が長すぎるか、使えない文字を含みます（128文字まで）</translation>
    </message>
    <message>
        <source>受付日を日付として読めません</source>
        <translation>受付日を日付として読めません</translation>
    </message>
    <message>
        <source>受付日が未来の日付です</source>
        <translation>受付日が未来の日付です</translation>
    </message>
    <message>
        <source>この役割では申請を登録できません</source>
        <translation>この役割では申請を登録できません</translation>
    </message>
    <message>
        <source>未入力の必須項目: {fields}</source>
        <translation>未入力の必須項目: {fields}</translation>
    </message>
    <message>
        <source>誤りのある項目: {fields}</source>
        <translation>誤りのある項目: {fields}</translation>
    </message>
    <message>
        <source>入力した申請を登録します (Ctrl+Enter)</source>
        <translation>入力した申請を登録します (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>✗ 登録できません（{count} 件）— ボタンにマウスを置くと内容を表示</source>
        <translation>✗ 登録できません（{count} 件）— ボタンにマウスを置くと内容を表示</translation>
    </message>
    <message>
        <source>✓ 登録できます</source>
        <translation>✓ 登録できます</translation>
    </message>
    <message>
        <source>保存が終わるまでお待ちください。</source>
        <translation>保存が終わるまでお待ちください。</translation>
    </message>
    <message>
        <source>入力中の内容があります。破棄して閉じるには、もう一度 Esc （または 閉じる）を押してください。</source>
        <translation>入力中の内容があります。破棄して閉じるには、もう一度 Esc （または 閉じる）を押してください。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>予期しないエラーが発生しました（{kind}: {detail}）。詳細はログに記録されました。</source>
        <extracomment>Error codes that mean &quot;the database cannot be reached&quot; (raised by persistence).</extracomment>
        <translation>予期しないエラーが発生しました（{kind}: {detail}）。詳細はログに記録されました。</translation>
    </message>
</context>
<context>
    <name>OperatorTableModel</name>
    <message>
        <source>{p} 決定</source>
        <translation>{p} 決定</translation>
    </message>
    <message>
        <source>{p} 処理時間(中央値)</source>
        <translation>{p} 処理時間(中央値)</translation>
    </message>
    <message>
        <source>{p} 補正率</source>
        <translation>{p} 補正率</translation>
    </message>
    <message>
        <source>一次審査の決定 {n} 件中 補正 {r} 件</source>
        <translation>一次審査の決定 {n} 件中 補正 {r} 件</translation>
    </message>
    <message>
        <source>{p} 差戻率</source>
        <translation>{p} 差戻率</translation>
    </message>
    <message>
        <source>二次審査 {n} 件中 差戻し {r} 件</source>
        <translation>二次審査 {n} 件中 差戻し {r} 件</translation>
    </message>
    <message>
        <source>担当者</source>
        <translation>担当者</translation>
    </message>
    <message>
        <source>役割</source>
        <translation>役割</translation>
    </message>
    <message>
        <source>担当中</source>
        <translation>担当中</translation>
    </message>
    <message>
        <source>本日</source>
        <translation>本日</translation>
    </message>
    <message>
        <source>今週</source>
        <translation>今週</translation>
    </message>
</context>
<context>
    <name>PrintBatchDialog</name>
    <message>
        <source>通知書の印刷先</source>
        <translation>通知書の印刷先</translation>
    </message>
    <message>
        <source>通知書の一括印刷</source>
        <translation>通知書の一括印刷</translation>
    </message>
    <message>
        <source>決定日で絞り込む</source>
        <translation>決定日で絞り込む</translation>
    </message>
    <message>
        <source>審査担当者の利用者名（任意）</source>
        <translation>審査担当者の利用者名（任意）</translation>
    </message>
    <message>
        <source>PDF を保存するフォルダ（任意）</source>
        <translation>PDF を保存するフォルダ（任意）</translation>
    </message>
    <message>
        <source>参照…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <source>（プリンタに送らない）</source>
        <translation>（プリンタに送らない）</translation>
    </message>
    <message>
        <source>プリンタを選ぶ…</source>
        <translation>プリンタを選ぶ…</translation>
    </message>
    <message>
        <source>印刷開始</source>
        <translation>印刷開始</translation>
    </message>
    <message>
        <source>中止</source>
        <translation>中止</translation>
    </message>
    <message>
        <source>閉じる</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>手続</source>
        <translation>手続</translation>
    </message>
    <message>
        <source>決定日</source>
        <translation>決定日</translation>
    </message>
    <message>
        <source>審査担当</source>
        <translation>審査担当</translation>
    </message>
    <message>
        <source>PDF 出力</source>
        <translation>PDF 出力</translation>
    </message>
    <message>
        <source>プリンタ</source>
        <translation>プリンタ</translation>
    </message>
    <message>
        <source>対象</source>
        <translation>対象</translation>
    </message>
    <message>
        <source>{n} 件</source>
        <translation>{n} 件</translation>
    </message>
    <message>
        <source>PDF の保存先</source>
        <translation>PDF の保存先</translation>
    </message>
    <message>
        <source>PDF の保存先かプリンタを選んでください</source>
        <translation>PDF の保存先かプリンタを選んでください</translation>
    </message>
    <message>
        <source>中止しています（印刷中のファイルが終わるまで）…</source>
        <translation>中止しています（印刷中のファイルが終わるまで）…</translation>
    </message>
    <message>
        <source>%v / %m 件（{sheets} 枚印刷済み）</source>
        <translation>%v / %m 件（{sheets} 枚印刷済み）</translation>
    </message>
    <message>
        <source>バッチ {id}: {n} 件 {s} 枚</source>
        <translation>バッチ {id}: {n} 件 {s} 枚</translation>
    </message>
    <message>
        <source>中止しました。印刷されなかった案件は元の状態のままです。</source>
        <translation>中止しました。印刷されなかった案件は元の状態のままです。</translation>
    </message>
</context>
<context>
    <name>PriorityDialog</name>
    <message>
        <source>優先度の変更</source>
        <translation>優先度の変更</translation>
    </message>
    <message>
        <source>数字が大きいほど先に処理されます（{low}〜{high}）</source>
        <translation>数字が大きいほど先に処理されます（{low}〜{high}）</translation>
    </message>
    <message>
        <source>選択した {n} 件の優先度を変更します。</source>
        <translation>選択した {n} 件の優先度を変更します。</translation>
    </message>
    <message>
        <source>優先度(&amp;R)</source>
        <translation>優先度(&amp;R)</translation>
    </message>
</context>
<context>
    <name>ProcedureForm</name>
    <message>
        <source>{label}（必須）</source>
        <translation>{label}（必須）</translation>
    </message>
    <message>
        <source>住所へ</source>
        <translation>住所へ</translation>
    </message>
    <message>
        <source>郵便番号の住所を「{label}」に入れます（空のときだけ）</source>
        <translation>郵便番号の住所を「{label}」に入れます（空のときだけ）</translation>
    </message>
</context>
<context>
    <name>ProcedureTableModel</name>
    <message>
        <source>手続</source>
        <extracomment>The generic model lives in :mod:`desktop.qt.row_table_model`; named here too.</extracomment>
        <translation>手続</translation>
    </message>
    <message>
        <source>一次 待ち</source>
        <translation>一次 待ち</translation>
    </message>
    <message>
        <source>一次 審査中</source>
        <translation>一次 審査中</translation>
    </message>
    <message>
        <source>一次 本日決定</source>
        <translation>一次 本日決定</translation>
    </message>
    <message>
        <source>二次審査待ち</source>
        <translation>二次審査待ち</translation>
    </message>
    <message>
        <source>二次 審査中</source>
        <translation>二次 審査中</translation>
    </message>
    <message>
        <source>二次 本日決定</source>
        <translation>二次 本日決定</translation>
    </message>
    <message>
        <source>補正待ち</source>
        <translation>補正待ち</translation>
    </message>
    <message>
        <source>保留</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>本日印刷</source>
        <translation>本日印刷</translation>
    </message>
    <message>
        <source>合計</source>
        <translation>合計</translation>
    </message>
</context>
<context>
    <name>QueueFilterBar</name>
    <message>
        <source>検索: 受付番号・案件番号・氏名（かな可）・電話・生年月日</source>
        <extracomment>The criteria changed (a :class:`CaseFilter` without procedure and stage). Saved views could not be read, saved or deleted (the exception). The saved views were (re)loaded; the argument is their names.</extracomment>
        <translation>検索: 受付番号・案件番号・氏名（かな可）・電話・生年月日</translation>
    </message>
    <message>
        <source>受付番号・案件番号・氏名（漢字・かな、前方一致）・電話番号・生年月日（1980/1/2、S55.1.2、昭和55年1月2日など）で検索します (Ctrl+F)</source>
        <translation>受付番号・案件番号・氏名（漢字・かな、前方一致）・電話番号・生年月日（1980/1/2、S55.1.2、昭和55年1月2日など）で検索します (Ctrl+F)</translation>
    </message>
    <message>
        <source>状態で絞り込みます</source>
        <translation>状態で絞り込みます</translation>
    </message>
    <message>
        <source>期限で絞り込みます（今日・今週は開庁日で数えます）</source>
        <translation>期限で絞り込みます（今日・今週は開庁日で数えます）</translation>
    </message>
    <message>
        <source>期限: すべて</source>
        <translation>期限: すべて</translation>
    </message>
    <message>
        <source>期限超過</source>
        <translation>期限超過</translation>
    </message>
    <message>
        <source>今日が期限</source>
        <translation>今日が期限</translation>
    </message>
    <message>
        <source>今週が期限</source>
        <translation>今週が期限</translation>
    </message>
    <message>
        <source>受付日</source>
        <translation>受付日</translation>
    </message>
    <message>
        <source>受付日の範囲で絞り込みます（両端を含む）</source>
        <translation>受付日の範囲で絞り込みます（両端を含む）</translation>
    </message>
    <message>
        <source>重複の可能性</source>
        <translation>重複の可能性</translation>
    </message>
    <message>
        <source>同じ申請者の別の案件がある案件だけを表示します</source>
        <translation>同じ申請者の別の案件がある案件だけを表示します</translation>
    </message>
    <message>
        <source>補正再提出</source>
        <translation>補正再提出</translation>
    </message>
    <message>
        <source>補正依頼のあと再提出されたことのある案件だけを表示します（今の状態は問いません）</source>
        <translation>補正依頼のあと再提出されたことのある案件だけを表示します（今の状態は問いません）</translation>
    </message>
    <message>
        <source>条件をクリア</source>
        <translation>条件をクリア</translation>
    </message>
    <message>
        <source>検索と絞り込みをすべて解除します</source>
        <translation>検索と絞り込みをすべて解除します</translation>
    </message>
    <message>
        <source>保存したビューを適用します</source>
        <translation>保存したビューを適用します</translation>
    </message>
    <message>
        <source>ビューを保存…</source>
        <translation>ビューを保存…</translation>
    </message>
    <message>
        <source>今の検索と絞り込みを名前を付けて保存します</source>
        <translation>今の検索と絞り込みを名前を付けて保存します</translation>
    </message>
    <message>
        <source>削除</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>選んでいるビューを削除します</source>
        <translation>選んでいるビューを削除します</translation>
    </message>
    <message>
        <source>ビューを保存</source>
        <translation>ビューを保存</translation>
    </message>
    <message>
        <source>ビューの名前:</source>
        <translation>ビューの名前:</translation>
    </message>
    <message>
        <source>ビューを削除</source>
        <translation>ビューを削除</translation>
    </message>
    <message>
        <source>ビュー「{name}」を削除しますか？</source>
        <translation>ビュー「{name}」を削除しますか？</translation>
    </message>
    <message>
        <source>保存したビュー</source>
        <translation>保存したビュー</translation>
    </message>
    <message>
        <source>状態: すべて</source>
        <translation>状態: すべて</translation>
    </message>
</context>
<context>
    <name>ReassignDialog</name>
    <message>
        <source>担当者の割当て</source>
        <translation>担当者の割当て</translation>
    </message>
    <message>
        <source>二次審査は一次審査をした人には割り当てられません</source>
        <translation>二次審査は一次審査をした人には割り当てられません</translation>
    </message>
    <message>
        <source>選択した {n} 件を次の担当者に割り当てます。</source>
        <translation>選択した {n} 件を次の担当者に割り当てます。</translation>
    </message>
    <message>
        <source>担当者(&amp;P)</source>
        <translation>担当者(&amp;P)</translation>
    </message>
</context>
<context>
    <name>ScanEntryDialog</name>
    <message>
        <source>スキャンした申請書の入力</source>
        <translation>スキャンした申請書の入力</translation>
    </message>
    <message>
        <source>一覧からスキャンを開くと（Enter）、ここに表示されます。</source>
        <translation>一覧からスキャンを開くと（Enter）、ここに表示されます。</translation>
    </message>
    <message>
        <source>スキャンを開くと入力欄が表示されます。</source>
        <translation>スキャンを開くと入力欄が表示されます。</translation>
    </message>
    <message>
        <source>空欄ならスキャンの登録日（例: 令和8年11月20日）</source>
        <translation>空欄ならスキャンの登録日（例: 令和8年11月20日）</translation>
    </message>
    <message>
        <source>破棄の理由（例: 白紙、二重スキャン）</source>
        <translation>破棄の理由（例: 白紙、二重スキャン）</translation>
    </message>
    <message>
        <source>登録</source>
        <extracomment>The last case made or scan discarded (stays while the next scan is keyed in).</extracomment>
        <translation>登録</translation>
    </message>
    <message>
        <source>破棄</source>
        <translation>破棄</translation>
    </message>
    <message>
        <source>一覧を更新</source>
        <translation>一覧を更新</translation>
    </message>
    <message>
        <source>閉じる (Esc)</source>
        <translation>閉じる (Esc)</translation>
    </message>
    <message>
        <source>{action}（{key}）</source>
        <translation>{action}（{key}）</translation>
    </message>
    <message>
        <source>入力待ちのスキャン</source>
        <translation>入力待ちのスキャン</translation>
    </message>
    <message>
        <source>受付日</source>
        <translation>受付日</translation>
    </message>
    <message>
        <source>読み込んでいます…</source>
        <translation>読み込んでいます…</translation>
    </message>
    <message>
        <source>スキャンを開いています…</source>
        <translation>スキャンを開いています…</translation>
    </message>
    <message>
        <source>保存しています…</source>
        <translation>保存しています…</translation>
    </message>
    <message>
        <source>破棄しています…</source>
        <translation>破棄しています…</translation>
    </message>
    <message>
        <source>{shown} / {total} 件</source>
        <translation>{shown} / {total} 件</translation>
    </message>
    <message>
        <source>スキャン {id}「{name}」を入力しています。</source>
        <translation>スキャン {id}「{name}」を入力しています。</translation>
    </message>
    <message>
        <source>✗ 開けませんでした: {error}</source>
        <translation>✗ 開けませんでした: {error}</translation>
    </message>
    <message>
        <source>✓ 案件 {number} を登録しました（受付番号 {receipt}）。</source>
        <translation>✓ 案件 {number} を登録しました（受付番号 {receipt}）。</translation>
    </message>
    <message>
        <source>✓ スキャン {id} を破棄しました。</source>
        <translation>✓ スキャン {id} を破棄しました。</translation>
    </message>
    <message>
        <source>✗ 保存できませんでした: {error}
入力した内容はそのまま残っています。</source>
        <translation>✗ 保存できませんでした: {error}
入力した内容はそのまま残っています。</translation>
    </message>
    <message>
        <source>スキャンを開いてください（Enter）</source>
        <translation>スキャンを開いてください（Enter）</translation>
    </message>
    <message>
        <source>未入力の必須項目: {fields}</source>
        <translation>未入力の必須項目: {fields}</translation>
    </message>
    <message>
        <source>誤りのある項目: {fields}</source>
        <translation>誤りのある項目: {fields}</translation>
    </message>
    <message>
        <source>受付日を日付として読めません</source>
        <translation>受付日を日付として読めません</translation>
    </message>
    <message>
        <source>処理しています…</source>
        <translation>処理しています…</translation>
    </message>
    <message>
        <source>✓ 登録できます</source>
        <translation>✓ 登録できます</translation>
    </message>
</context>
<context>
    <name>ScanTableModel</name>
    <message>
        <source>番号</source>
        <extracomment>``load(offset, limit)`` → (a page of waiting scans, how many wait in all); background.</extracomment>
        <translation>番号</translation>
    </message>
    <message>
        <source>手続</source>
        <translation>手続</translation>
    </message>
    <message>
        <source>ファイル名</source>
        <translation>ファイル名</translation>
    </message>
    <message>
        <source>形式</source>
        <translation>形式</translation>
    </message>
    <message>
        <source>登録日時</source>
        <translation>登録日時</translation>
    </message>
    <message>
        <source>入力中</source>
        <translation>入力中</translation>
    </message>
    <message>
        <source>{name} さんが入力中</source>
        <translation>{name} さんが入力中</translation>
    </message>
</context>
<context>
    <name>ShortcutHelp</name>
    <message>
        <source>キー</source>
        <translation>キー</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>説明</source>
        <translation>説明</translation>
    </message>
</context>
<context>
    <name>ShortcutHelpDialog</name>
    <message>
        <source>キーボードショートカット一覧</source>
        <translation>キーボードショートカット一覧</translation>
    </message>
    <message>
        <source>絞り込み（キー・操作の名前）</source>
        <translation>絞り込み（キー・操作の名前）</translation>
    </message>
    <message>
        <source>灰色の行は、今の画面や権限では使えない操作です（説明の欄にも表示）。</source>
        <translation>灰色の行は、今の画面や権限では使えない操作です（説明の欄にも表示）。</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>電話・郵送申請の入力…</source>
        <translation>電話・郵送申請の入力…</translation>
    </message>
    <message>
        <source>電話や郵送で受け付けた申請を手入力で登録します</source>
        <translation>電話や郵送で受け付けた申請を手入力で登録します</translation>
    </message>
    <message>
        <source>スキャンした申請書の入力…</source>
        <translation>スキャンした申請書の入力…</translation>
    </message>
    <message>
        <source>スキャンした紙の申請書を見ながら入力して登録します</source>
        <translation>スキャンした紙の申請書を見ながら入力して登録します</translation>
    </message>
    <message>
        <source>表示(&amp;V)</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>監督ダッシュボード…</source>
        <translation>監督ダッシュボード…</translation>
    </message>
    <message>
        <source>滞留・経過日数・期限・担当者別の処理状況を表示します（監督者）</source>
        <translation>滞留・経過日数・期限・担当者別の処理状況を表示します（監督者）</translation>
    </message>
    <message>
        <source>ヘルプ(&amp;H)</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
</context>
</TS>
