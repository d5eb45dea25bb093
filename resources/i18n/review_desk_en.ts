<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
<context>
    <name>AgeingTableModel</name>
    <message>
        <source>{low}〜{high}日</source>
        <extracomment>Columns of the ageing table after the procedure name: the buckets, then these.</extracomment>
        <translation>{low}–{high} days</translation>
    </message>
    <message>
        <source>{low}日以上</source>
        <translation>{low}+ days</translation>
    </message>
    <message>
        <source>手続</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>未決 計</source>
        <translation>Open total</translation>
    </message>
    <message>
        <source>本日期限</source>
        <translation>Due today</translation>
    </message>
    <message>
        <source>期限超過</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>処理期限を過ぎた未決案件</source>
        <translation>Open cases past their due date</translation>
    </message>
    <message>
        <source>合計</source>
        <translation>Total</translation>
    </message>
</context>
<context>
    <name>AttachmentViewer</name>
    <message>
        <source>「{name}」のファイルが保存場所に見つかりません。システム管理者に連絡してください。</source>
        <extracomment>The page&apos;s own problem code when the bytes are there but cannot be shown.</extracomment>
        <translation>The file of &apos;{name}&apos; is not in the attachment store. Please contact the system administrator.</translation>
    </message>
    <message>
        <source>「{name}」は保存後に内容が変わっています（破損または改ざんのおそれ）。表示しません。システム管理者に連絡してください。</source>
        <translation>&apos;{name}&apos; has changed since it was stored (damaged or tampered with) and is not shown. Please contact the system administrator.</translation>
    </message>
    <message>
        <source>「{name}」を読み込めませんでした（ファイルを開けません）。システム管理者に連絡してください。</source>
        <translation>&apos;{name}&apos; could not be read (the file cannot be opened). Please contact the system administrator.</translation>
    </message>
    <message>
        <source>添付ファイルの保存場所が設定されていないため、「{name}」を表示できません。</source>
        <translation>&apos;{name}&apos; cannot be shown: no attachment store is configured.</translation>
    </message>
    <message>
        <source>「{name}」は壊れているか対応していない形式のため表示できません。</source>
        <translation>&apos;{name}&apos; cannot be shown: it is damaged or in an unsupported format.</translation>
    </message>
    <message>
        <source>⚠ {name}（表示できません）</source>
        <translation>⚠ {name} (cannot be shown)</translation>
    </message>
    <message>
        <source>{name}（{n} ページ）</source>
        <translation>{name} ({n} pages)</translation>
    </message>
    <message>
        <source>{name}: {kind}、{size:,} バイト</source>
        <translation>{name}: {kind}, {size:,} bytes</translation>
    </message>
    <message>
        <source>表示する添付書類</source>
        <extracomment>``load(case_id)``: the case&apos;s attachments with their bytes (runs in the background). Zoom steps for Ctrl++ / Ctrl+- (1.0 = 100 %). A page image is on screen (after any change of file, page, zoom or rotation). The case&apos;s files are loaded (or the load failed: see :attr:`message`). Documents open now; closed on clear, on the next case, or with the widget.</extracomment>
        <translation>Attachment to show</translation>
    </message>
    <message>
        <source>前のページ</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <source>次のページ</source>
        <translation>Next page</translation>
    </message>
    <message>
        <source>縮小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>拡大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>幅に合わせる</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <source>左に回転</source>
        <translation>Rotate left</translation>
    </message>
    <message>
        <source>右に回転</source>
        <translation>Rotate right</translation>
    </message>
    <message>
        <source>{action}（{key}）</source>
        <translation>{action} ({key})</translation>
    </message>
    <message>
        <source>添付書類を読み込んでいます…</source>
        <translation>Loading attachments…</translation>
    </message>
    <message>
        <source>添付書類を読み込めません（終了処理中です）。</source>
        <translation>Attachments cannot be loaded (the application is closing).</translation>
    </message>
    <message>
        <source>案件を開くと、ここに添付書類が表示されます。</source>
        <translation>Open a case to see its attachments here.</translation>
    </message>
    <message>
        <source>この案件に添付書類はありません。</source>
        <translation>This case has no attachments.</translation>
    </message>
    <message>
        <source>{page} / {count} ページ</source>
        <translation>Page {page} / {count}</translation>
    </message>
    <message>
        <source>– / – ページ</source>
        <translation>Page – / –</translation>
    </message>
    <message>
        <source>幅（{zoom}）</source>
        <translation>Width ({zoom})</translation>
    </message>
</context>
<context>
    <name>BacklogChart</name>
    <message>
        <source>未決件数の推移（過去30日）</source>
        <extracomment>Hours always shown on the hourly chart (a centre&apos;s day); hours outside it are added when they had decisions.</extracomment>
        <translation>Open cases over the last 30 days</translation>
    </message>
    <message>
        <source>件</source>
        <translation>Cases</translation>
    </message>
</context>
<context>
    <name>CaseActions</name>
    <message>
        <source>担当者を割当て…</source>
        <extracomment>An action finished; the argument is what the status bar says.</extracomment>
        <translation>Assign to…</translation>
    </message>
    <message>
        <source>選択した案件を指定した担当者に割り当てます</source>
        <translation>Assign the selected cases to the person you choose</translation>
    </message>
    <message>
        <source>担当を解除</source>
        <translation>Release</translation>
    </message>
    <message>
        <source>選択した案件の担当を外し、キューに戻します</source>
        <translation>Release the selected cases and return them to their queue</translation>
    </message>
    <message>
        <source>優先度を変更…</source>
        <translation>Change priority…</translation>
    </message>
    <message>
        <source>選択した案件の優先度を変えます</source>
        <translation>Change the priority of the selected cases</translation>
    </message>
    <message>
        <source>{n} 件を {user} に割り当てました</source>
        <translation>Assigned {n} case(s) to {user}</translation>
    </message>
    <message>
        <source>{n} 件の担当を解除しました</source>
        <translation>Released {n} case(s)</translation>
    </message>
    <message>
        <source>{n} 件の優先度を {p} にしました</source>
        <translation>Set the priority of {n} case(s) to {p}</translation>
    </message>
    <message>
        <source>一部の案件は処理できませんでした</source>
        <translation>Some cases could not be processed</translation>
    </message>
    <message>
        <source>ダッシュボード</source>
        <translation>Dashboard</translation>
    </message>
</context>
<context>
    <name>CaseDetailView</name>
    <message>
        <source>はい</source>
        <extracomment>Label/value pairs per header line.</extracomment>
        <translation>Yes</translation>
    </message>
    <message>
        <source>いいえ</source>
        <translation>No</translation>
    </message>
    <message>
        <source>{amount}円</source>
        <translation>¥{amount}</translation>
    </message>
    <message>
        <source>案件番号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>申請者</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>処理期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>受付</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>担当</source>
        <translation>Held by</translation>
    </message>
    <message>
        <source>（なし）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>担当期限</source>
        <translation>Claim expires</translation>
    </message>
    <message>
        <source>補正期限</source>
        <translation>Correction due</translation>
    </message>
    <message>
        <source>保留理由</source>
        <translation>Reason for hold</translation>
    </message>
    <message>
        <source>注意</source>
        <translation>Attention</translation>
    </message>
    <message>
        <source>二次審査から差し戻された案件です</source>
        <translation>This case was sent back from the double check</translation>
    </message>
    <message>
        <source>手続</source>
        <translation>Procedure</translation>
    </message>
</context>
<context>
    <name>CaseLineModel</name>
    <message>
        <source>案件番号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>手続</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>担当</source>
        <translation>Held by</translation>
    </message>
    <message>
        <source>取得時刻</source>
        <translation>Claimed at</translation>
    </message>
    <message>
        <source>担当期限</source>
        <translation>Claim expires</translation>
    </message>
    <message>
        <source>受付日</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>処理期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>期限を過ぎています</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>優先度</source>
        <translation>Priority</translation>
    </message>
</context>
<context>
    <name>CasePanels</name>
    <message>
        <source>案件 {number}（閲覧のみ）</source>
        <translation>Case {number} (read only)</translation>
    </message>
    <message>
        <source>添付書類</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>経過</source>
        <translation>History</translation>
    </message>
</context>
<context>
    <name>CaseSession</name>
    <message>
        <source>案件 {number} は {who} により「{status}」になりました。入力内容は画面に残っています</source>
        <translation>{who} changed case {number} to “{status}”. What you entered is still on screen</translation>
    </message>
    <message>
        <source>案件 {number} は現在 {holder} が担当しています。入力内容は画面に残っています</source>
        <translation>Case {number} is now held by {holder}. What you entered is still on screen</translation>
    </message>
    <message>
        <source>（担当なし・キューで待機中）</source>
        <translation>(nobody — waiting in the queue)</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <source>クリックで並べ替え（もう一度で逆順、三度目で受付順）</source>
        <translation>Click to sort (again to reverse, a third time for claim order)</translation>
    </message>
    <message>
        <source>この列では並べ替えできません</source>
        <translation>This column cannot be sorted</translation>
    </message>
    <message>
        <source>読み込み中…</source>
        <extracomment>The case number of a row whose page is still on its way. The database order behind each column (every column sorts). Role under which each row hands out its :class:`CaseRow`. The roles a cell answers (any other role: None, before any work).</extracomment>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>案件番号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>申請者</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>受付日</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>担当</source>
        <translation>Assignee</translation>
    </message>
    <message>
        <source>{status}・重複?</source>
        <translation>{status} · duplicate?</translation>
    </message>
    <message>
        <source>優先案件</source>
        <translation>Priority case</translation>
    </message>
    <message>
        <source>同じ申請者の別の案件があります（重複の可能性）</source>
        <translation>Another case of the same applicant exists (possible duplicate)</translation>
    </message>
    <message>
        <source>期限を過ぎています</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>担当期限: {time}</source>
        <translation>Held until: {time}</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <source>再試行</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>読み込み直す</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>案件を取り直す</source>
        <translation>Claim again</translation>
    </message>
    <message>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>保存できなかった確認項目をもう一度保存します</source>
        <translation>Try again to save the checklist items that were not saved</translation>
    </message>
    <message>
        <source>最新の内容を読み込みます。入力中の内容はそのままです</source>
        <translation>Load the latest version. What you are typing is kept</translation>
    </message>
    <message>
        <source>担当期限が切れた案件を取り直します。入力中の内容はそのままです</source>
        <translation>Claim the case again after your claim expired. What you are typing is kept</translation>
    </message>
    <message>
        <source>判定履歴</source>
        <translation>Decision history</translation>
    </message>
    <message>
        <source>最新の内容を読み込みました。もう一度確定してください。</source>
        <translation>The latest version is loaded. Please confirm again.</translation>
    </message>
    <message>
        <source>判定を保存しています…</source>
        <translation>Saving the decision…</translation>
    </message>
    <message>
        <source>必須の確認項目が残り {left} 件です（次は {n}.「{label}」）</source>
        <translation>{left} required checklist items left (next: {n}. “{label}”)</translation>
    </message>
    <message>
        <source>確認項目を保存しています…</source>
        <translation>Saving checklist items…</translation>
    </message>
    <message>
        <source>審査中の案件がありません</source>
        <translation>No case under review</translation>
    </message>
    <message>
        <source>判定を保存しています</source>
        <translation>Saving the decision</translation>
    </message>
    <message>
        <source>案件を読み込んでいます</source>
        <translation>Loading the case</translation>
    </message>
    <message>
        <source>担当が外れています — 「案件を取り直す」で取り直してください</source>
        <translation>You no longer hold this case — use “Claim again” to take it back</translation>
    </message>
    <message>
        <source>他の人が案件を変更しました — 「読み込み直す」で最新の内容にしてください</source>
        <translation>Someone else changed the case — use “Reload” to get the latest version</translation>
    </message>
    <message>
        <source>この案件を担当していません</source>
        <translation>You do not hold this case</translation>
    </message>
    <message>
        <source>この役割ではこの判定はできません</source>
        <translation>Your role cannot make this decision</translation>
    </message>
    <message>
        <source>不備（✗）の項目があります: {labels} — 補正依頼にするか ✗ を外してください</source>
        <translation>Some fields are marked defective (✗): {labels} — request a correction or clear the ✗</translation>
    </message>
</context>
<context>
    <name>ChecklistPanel</name>
    <message>
        <source>【必須】</source>
        <extracomment>Role under which each row hands out its item key. How many items have a number key.</extracomment>
        <translation>[Required]</translation>
    </message>
    <message>
        <source>必須の確認項目</source>
        <translation>Required checklist item</translation>
    </message>
    <message>
        <source>任意の確認項目</source>
        <translation>Optional checklist item</translation>
    </message>
    <message>
        <source>{kind} — 数字キー {n} で切り替え</source>
        <translation>{kind} — toggle with number key {n}</translation>
    </message>
    <message>
        <source>確認済み</source>
        <translation>Checked</translation>
    </message>
    <message>
        <source>未確認</source>
        <translation>Not checked</translation>
    </message>
    <message>
        <source>必須</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>任意</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>確認項目 {n} を切り替え</source>
        <translation>Toggle checklist item {n}</translation>
    </message>
    <message>
        <source>確認項目（{stage}）— 数字キー 1〜9 で切り替え</source>
        <translation>Checklist ({stage}) — toggle with number keys 1–9</translation>
    </message>
    <message>
        <source>この段階には確認項目がありません</source>
        <translation>This stage has no checklist</translation>
    </message>
    <message>
        <source>必須 {done} / {total} 確認済み — 残り {left} 件</source>
        <translation>Required: {done} / {total} checked — {left} left</translation>
    </message>
    <message>
        <source>✓ 必須の確認項目はすべて確認済みです</source>
        <translation>✓ All required checklist items are checked</translation>
    </message>
</context>
<context>
    <name>Connection</name>
    <message>
        <source>接続しています…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>接続中</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>接続できません</source>
        <translation>Unreachable</translation>
    </message>
    <message>
        <source>未接続</source>
        <translation>Not connected</translation>
    </message>
    <message>
        <source>切断</source>
        <translation>Disconnected</translation>
    </message>
</context>
<context>
    <name>DashboardWindow</name>
    <message>
        <source>業務状況ダッシュボード — {user}</source>
        <extracomment>Local time of the last successful refresh.</extracomment>
        <translation>Operations dashboard — {user}</translation>
    </message>
    <message>
        <source>数字をクリック（または Enter）すると該当する案件を一覧します</source>
        <translation>Click a figure (or press Enter) to list its cases</translation>
    </message>
    <message>
        <source>経過日数・期限の数字をクリックすると案件を表示します</source>
        <translation>Click an ageing or due-date figure to show its cases</translation>
    </message>
    <message>
        <source>概況</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>経過日数・期限</source>
        <translation>Ageing and due dates</translation>
    </message>
    <message>
        <source>担当中の案件</source>
        <translation>Cases being worked on</translation>
    </message>
    <message>
        <source>担当者</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>グラフ</source>
        <translation>Charts</translation>
    </message>
    <message>
        <source>最終更新: —</source>
        <translation>Last updated: —</translation>
    </message>
    <message>
        <source>● 読み込み中…</source>
        <translation>● Loading…</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>更新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>今すぐ最新の数字にします</source>
        <translation>Get the latest figures now</translation>
    </message>
    <message>
        <source>自動更新の間隔(秒) </source>
        <translation>Refresh every (seconds) </translation>
    </message>
    <message>
        <source>この間隔で数字を自動的に更新します</source>
        <translation>Refresh the figures automatically at this interval</translation>
    </message>
    <message>
        <source>最終更新: {time}</source>
        <translation>Last updated: {time}</translation>
    </message>
    <message>
        <source>● 接続中（今週 {start}〜）</source>
        <translation>● Connected (week from {start})</translation>
    </message>
    <message>
        <source>⚠ 接続できません</source>
        <translation>⚠ Cannot connect</translation>
    </message>
    <message>
        <source>⚠ データベースに接続できません。表示中の数字は {time} 時点のものです（{n} 秒ごとに再接続を試みます）。
{detail}</source>
        <translation>⚠ Cannot connect to the database. The figures shown are from {time} (reconnecting every {n} seconds).
{detail}</translation>
    </message>
    <message>
        <source>⚠ 更新できません</source>
        <translation>⚠ Cannot refresh</translation>
    </message>
    <message>
        <source>⚠ 数字を更新できません（表示は {time} 時点）: {detail}</source>
        <translation>⚠ Cannot refresh the figures (shown as of {time}): {detail}</translation>
    </message>
    <message>
        <source>本日期限</source>
        <translation>Due today</translation>
    </message>
    <message>
        <source>期限超過</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>全手続</source>
        <translation>All procedures</translation>
    </message>
    <message>
        <source>{title} — {where}（{n} 件）</source>
        <translation>{title} — {where} ({n} cases)</translation>
    </message>
</context>
<context>
    <name>DecisionBar</name>
    <message>
        <source>承認</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>補正依頼</source>
        <translation>Request correction</translation>
    </message>
    <message>
        <source>却下</source>
        <translation>Reject</translation>
    </message>
    <message>
        <source>保留</source>
        <translation>Hold</translation>
    </message>
    <message>
        <source>確認（同意）</source>
        <translation>Confirm (agree)</translation>
    </message>
    <message>
        <source>差戻し</source>
        <translation>Send back</translation>
    </message>
    <message>
        <source>必須の確認項目がそろった案件を承認します</source>
        <translation>Approve the case once every required checklist item is checked</translation>
    </message>
    <message>
        <source>不備項目・内容・期限を示して補正を依頼します</source>
        <translation>Ask the applicant for a correction, stating the defective items, what is wrong and a due date</translation>
    </message>
    <message>
        <source>理由コードと理由となる事実を記載して却下します</source>
        <translation>Reject, giving reason codes and the facts behind them</translation>
    </message>
    <message>
        <source>理由を記載して保留にします</source>
        <translation>Put the case on hold, stating the reason</translation>
    </message>
    <message>
        <source>一次審査の判定に同意して確定します</source>
        <translation>Agree with the first review&apos;s decision and make it final</translation>
    </message>
    <message>
        <source>理由を記載して一次審査に差し戻します</source>
        <translation>Send the case back to first review, stating the reason</translation>
    </message>
</context>
<context>
    <name>DecisionDialog</name>
    <message>
        <source>申請者に補正（不備の訂正・追加書類）を求めます。不備項目と期限は通知書に記載されます。</source>
        <extracomment>Checks a request; returns what is missing (empty: it may be saved).</extracomment>
        <translation>Ask the applicant for a correction (fixing defects or sending more documents). The defective items and the due date are printed on the notice.</translation>
    </message>
    <message>
        <source>申請を却下します。理由コードと、理由となる事実の記載が必要です（行政手続法第8条）。</source>
        <translation>Reject the application. Reason codes and the facts behind them are required (Administrative Procedure Act, Article 8).</translation>
    </message>
    <message>
        <source>案件を保留にします。保留の理由を記載してください。</source>
        <translation>Put the case on hold. Please state the reason.</translation>
    </message>
    <message>
        <source>一次審査に差し戻します。一次審査担当者への理由を記載してください。</source>
        <translation>Send the case back to first review. Please state the reason for the first reviewer.</translation>
    </message>
    <message>
        <source>補正を求める内容</source>
        <translation>What needs correcting</translation>
    </message>
    <message>
        <source>理由となる事実</source>
        <translation>Facts behind the reasons</translation>
    </message>
    <message>
        <source>保留の理由</source>
        <translation>Reason for the hold</translation>
    </message>
    <message>
        <source>差戻しの理由</source>
        <translation>Reason for sending back</translation>
    </message>
    <message>
        <source>{kind} — {procedure}</source>
        <translation>{kind} — {procedure}</translation>
    </message>
    <message>
        <source>不備項目（1つ以上）</source>
        <translation>Defective items (at least one)</translation>
    </message>
    <message>
        <source>却下理由（1つ以上）</source>
        <translation>Reasons for rejection (at least one)</translation>
    </message>
    <message>
        <source>補正期限（既定は手続の補正期間）</source>
        <translation>Correction due (by default the procedure&apos;s correction period)</translation>
    </message>
    <message>
        <source>案件を取り直す</source>
        <translation>Claim again</translation>
    </message>
    <message>
        <source>担当期限が切れた案件を取り直します。入力内容はそのままです</source>
        <translation>Claim the case again after your claim expired. What you entered is kept</translation>
    </message>
    <message>
        <source>最新の内容を読み込む</source>
        <translation>Load the latest version</translation>
    </message>
    <message>
        <source>他の人の変更を読み込みます。入力内容はそのままです</source>
        <translation>Load the other person&apos;s changes. What you entered is kept</translation>
    </message>
    <message>
        <source>{kind}を確定 (Ctrl+Enter)</source>
        <translation>Confirm: {kind} (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>閉じる（入力は保持）</source>
        <translation>Close (input is kept)</translation>
    </message>
    <message>
        <source>ダイアログを閉じます。入力した内容は次に開いたときも残っています (Esc)</source>
        <translation>Close the dialog. What you entered is still there when you open it again (Esc)</translation>
    </message>
    <message>
        <source>判定を確定</source>
        <translation>Confirm decision</translation>
    </message>
    <message>
        <source>保存しています…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>入力内容は保持されています。もう一度確定すると再試行します。</source>
        <translation>What you entered is kept. Confirm again to retry.</translation>
    </message>
    <message>
        <source>{kind}を確定します (Ctrl+Enter)</source>
        <translation>Make the decision final: {kind} (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>確定できない理由:</source>
        <translation>Cannot confirm because:</translation>
    </message>
</context>
<context>
    <name>DecisionHistory</name>
    <message>
        <source>日時</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <source>段階</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>判定</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>担当</source>
        <translation>By</translation>
    </message>
    <message>
        <source>理由・不備</source>
        <translation>Reasons / defects</translation>
    </message>
    <message>
        <source>記載・期限</source>
        <translation>Note / due</translation>
    </message>
    <message>
        <source>期限 {date}</source>
        <translation>due {date}</translation>
    </message>
</context>
<context>
    <name>DuplicateBanner</name>
    <message>
        <source>重複の可能性</source>
        <extracomment>``load(case_id)``: the case&apos;s duplicate links (runs in the background). The operator chose the link to another case (its id).</extracomment>
        <translation>Possible duplicate</translation>
    </message>
    <message>
        <source>重複の可能性: 同じ申請者の案件があります（{cases}）。内容を確認してください。</source>
        <translation>Possible duplicate: the same applicant has other cases ({cases}). Please check them.</translation>
    </message>
    <message>
        <source>案件番号を選ぶと、その案件を開きます（Tab で選んで Enter）</source>
        <translation>Choose a case number to open that case (Tab to select, Enter to open)</translation>
    </message>
    <message>
        <source>重複の確認ができませんでした: {error}</source>
        <translation>Could not check for duplicates: {error}</translation>
    </message>
</context>
<context>
    <name>EnclosureDialog</name>
    <message>
        <source>封入封緘確認</source>
        <extracomment>The envelope being filled; only the (single, ordered) worker changes it.</extracomment>
        <translation>Enclosure check</translation>
    </message>
    <message>
        <source>用紙の2次元コードを読み取ってください</source>
        <translation>Scan the 2D code on the sheet</translation>
    </message>
    <message>
        <source>1枚目を読み取ってください</source>
        <translation>Scan the first sheet</translation>
    </message>
    <message>
        <source>すべてのバッチ</source>
        <translation>All batches</translation>
    </message>
    <message>
        <source>未確認一覧を更新</source>
        <translation>Refresh the unchecked list</translation>
    </message>
    <message>
        <source>この封筒をやり直す</source>
        <translation>Restart this envelope</translation>
    </message>
    <message>
        <source>印刷バッチ</source>
        <translation>Print batch</translation>
    </message>
    <message>
        <source>印刷済みで封入未確認の通知</source>
        <translation>Printed notices whose enclosure is not checked yet</translation>
    </message>
    <message>
        <source>（新しい封筒）</source>
        <translation>(new envelope)</translation>
    </message>
    <message>
        <source>封筒: {e}&#x3000;{en}
用紙: {s}&#x3000;{sn}</source>
        <translation>Envelope: {e}  {en}
Sheet: {s}  {sn}</translation>
    </message>
    <message>
        <source>{n} / {total} 枚</source>
        <translation>{n} / {total} sheets</translation>
    </message>
    <message>
        <source>確認済み。次の封筒の1枚目を読み取ってください</source>
        <translation>Checked. Scan the first sheet of the next envelope</translation>
    </message>
    <message>
        <source>{n} 枚</source>
        <translation>{n} sheets</translation>
    </message>
    <message>
        <source>バッチ {b}</source>
        <translation>batch {b}</translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <source>はい</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>いいえ</source>
        <translation>No</translation>
    </message>
    <message>
        <source>（選択してください）</source>
        <translation>(please choose)</translation>
    </message>
    <message>
        <source>例: 令和5年4月1日、R5.4.1、S45/1/1、1990-01-02</source>
        <translation>e.g. 令和5年4月1日, R5.4.1, S45/1/1, 1990-01-02</translation>
    </message>
    <message>
        <source>例: 650-0001</source>
        <translation>e.g. 650-0001</translation>
    </message>
    <message>
        <source>例: 078-331-8181</source>
        <translation>e.g. 078-331-8181</translation>
    </message>
    <message>
        <source>カタカナまたはひらがな</source>
        <translation>Katakana or hiragana</translation>
    </message>
    <message>
        <source>12桁の個人番号</source>
        <translation>12-digit individual number (My Number)</translation>
    </message>
    <message>
        <source>例: name@example.jp</source>
        <translation>e.g. name@example.jp</translation>
    </message>
    <message>
        <source>円（例: 48000）</source>
        <translation>Yen (e.g. 48000)</translation>
    </message>
    <message>
        <source>正しい入力</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>誤り</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>確認が必要</source>
        <translation>Needs checking</translation>
    </message>
</context>
<context>
    <name>FieldReview</name>
    <message>
        <source>（記入なし）</source>
        <translation>(left blank)</translation>
    </message>
    <message>
        <source>「{label}」は書類と一致しています</source>
        <translation>“{label}” matches the documents</translation>
    </message>
    <message>
        <source>{label} 確認済み</source>
        <translation>{label}: checked</translation>
    </message>
    <message>
        <source>「{label}」に不備があります — 内容を書くと補正依頼に載ります</source>
        <translation>“{label}” is defective — what you write here goes into the correction request</translation>
    </message>
    <message>
        <source>{label} 不備あり</source>
        <translation>{label}: defective</translation>
    </message>
    <message>
        <source>不備の種類（任意）</source>
        <translation>Kind of defect (optional)</translation>
    </message>
    <message>
        <source>✗ 不備の内容（補正依頼に記載されます）</source>
        <translation>✗ What is wrong (printed in the correction request)</translation>
    </message>
    <message>
        <source>{label} の不備の内容</source>
        <translation>What is wrong with {label}</translation>
    </message>
    <message>
        <source>一次審査: 未確認</source>
        <translation>First review: not checked</translation>
    </message>
    <message>
        <source>一次審査: ✓ 一致</source>
        <translation>First review: ✓ matches</translation>
    </message>
    <message>
        <source>（内容の記載なし）</source>
        <translation>(no description)</translation>
    </message>
    <message>
        <source>一次審査: ✗ {kind}{note}</source>
        <translation>First review: ✗ {kind}{note}</translation>
    </message>
</context>
<context>
    <name>FirstReviewSummary</name>
    <message>
        <source>一次審査の判定 — {name}（{at}）</source>
        <translation>First review decision — {name} ({at})</translation>
    </message>
    <message>
        <source>判定</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>理由</source>
        <translation>Reasons</translation>
    </message>
    <message>
        <source>記載</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>（記載なし）</source>
        <translation>(no note)</translation>
    </message>
    <message>
        <source>補正期限</source>
        <translation>Correction due</translation>
    </message>
    <message>
        <source>□ 未確認</source>
        <translation>□ Not checked</translation>
    </message>
    <message>
        <source>【必須】</source>
        <translation>[Required]</translation>
    </message>
    <message>
        <source>確認項目</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <source>（内容の記載なし）</source>
        <translation>(no description)</translation>
    </message>
    <message>
        <source>（項目ごとの確認はありません）</source>
        <translation>(no field was marked)</translation>
    </message>
    <message>
        <source>項目ごとの確認</source>
        <translation>Fields</translation>
    </message>
</context>
<context>
    <name>FontSizeActions</name>
    <message>
        <source>文字を大きく</source>
        <extracomment>Japanese UI fonts in order of preference (Windows, macOS, Linux), when the bundled font is missing. The bundled UI font: its family name and files (regular first). One font-size step of the View menu, in points.</extracomment>
        <translation>Larger text</translation>
    </message>
    <message>
        <source>画面の文字を大きくします</source>
        <translation>Make the text on screen larger</translation>
    </message>
    <message>
        <source>文字を小さく</source>
        <translation>Smaller text</translation>
    </message>
    <message>
        <source>画面の文字を小さくします</source>
        <translation>Make the text on screen smaller</translation>
    </message>
    <message>
        <source>文字の大きさを標準に戻す</source>
        <translation>Default text size</translation>
    </message>
    <message>
        <source>画面の文字を標準の大きさ（{points} pt）に戻します</source>
        <translation>Reset the text on screen to the default size ({points} pt)</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>理由: {reasons}</source>
        <extracomment>Audit actions that only record a look at the case (hidden by default). Role of the :class:`HistoryEntry` behind a row.</extracomment>
        <translation>Reasons: {reasons}</translation>
    </message>
    <message>
        <source>記載: {note}</source>
        <translation>Facts: {note}</translation>
    </message>
    <message>
        <source>補正期限: {date}</source>
        <translation>Correction deadline: {date}</translation>
    </message>
    <message>
        <source>「{item}」を確認</source>
        <translation>Checked &apos;{item}&apos;</translation>
    </message>
    <message>
        <source>「{item}」の確認を取消し</source>
        <translation>Unchecked &apos;{item}&apos;</translation>
    </message>
    <message>
        <source>担当: {user}</source>
        <translation>To: {user}</translation>
    </message>
    <message>
        <source>前の担当: {user}</source>
        <translation>Previous holder: {user}</translation>
    </message>
    <message>
        <source>理由: {reason}</source>
        <translation>Reason: {reason}</translation>
    </message>
    <message>
        <source>受付番号: {number}</source>
        <translation>Receipt number: {number}</translation>
    </message>
    <message>
        <source>{channel}で {n} 項目を補正</source>
        <translation>{n} fields corrected ({channel})</translation>
    </message>
    <message>
        <source>添付 {n} 件</source>
        <translation>{n} attachments</translation>
    </message>
    <message>
        <source>メモ: {note}</source>
        <translation>Note: {note}</translation>
    </message>
    <message>
        <source>{n} 件</source>
        <translation>{n} items</translation>
    </message>
    <message>
        <source>（空欄）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>日時</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <source>担当者</source>
        <translation>By</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>項目</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>変更前</source>
        <translation>Before</translation>
    </message>
    <message>
        <source>変更後</source>
        <translation>After</translation>
    </message>
    <message>
        <source>閲覧の記録も表示する</source>
        <translation>Also show views</translation>
    </message>
    <message>
        <source>案件や添付書類を誰がいつ閲覧したかも一覧に含めます</source>
        <translation>Include who viewed the case or its attachments, and when</translation>
    </message>
    <message>
        <source>案件の履歴</source>
        <translation>Case history</translation>
    </message>
    <message>
        <source>案件を開くと、ここに履歴が表示されます。</source>
        <translation>Open a case to see its history here.</translation>
    </message>
    <message>
        <source>補正再提出で変更された項目</source>
        <translation>Fields changed by the resubmission</translation>
    </message>
    <message>
        <source>補正再提出の変更点（{at}、{channel}、{actor}）</source>
        <translation>Changes in the resubmission ({at}, {channel}, {actor})</translation>
    </message>
    <message>
        <source> — 変更された項目はありません（書類のみ）</source>
        <translation> — no field changed (documents only)</translation>
    </message>
</context>
<context>
    <name>HourlyChart</name>
    <message>
        <source>本日の時間帯別 決定件数</source>
        <translation>Decisions today by hour</translation>
    </message>
    <message>
        <source>{h}時</source>
        <translation>{h}:00</translation>
    </message>
    <message>
        <source>決定件数</source>
        <translation>Decisions</translation>
    </message>
</context>
<context>
    <name>IdleLock</name>
    <message>
        <source>画面をロック</source>
        <translation>Lock screen</translation>
    </message>
    <message>
        <source>席を離れるときに画面をロックします (Ctrl+Shift+L)</source>
        <translation>Lock the screen when you leave your desk (Ctrl+Shift+L)</translation>
    </message>
    <message>
        <source>パスワードを入力してください</source>
        <translation>Enter your password</translation>
    </message>
    <message>
        <source>確認しています…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>パスワードが正しくありません</source>
        <translation>Wrong password</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>受付</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>一次審査中</source>
        <translation>In first review</translation>
    </message>
    <message>
        <source>二次審査待ち</source>
        <translation>Awaiting double check</translation>
    </message>
    <message>
        <source>二次審査中</source>
        <translation>In double check</translation>
    </message>
    <message>
        <source>決定（承認）</source>
        <translation>Decided (approved)</translation>
    </message>
    <message>
        <source>決定（却下）</source>
        <translation>Decided (rejected)</translation>
    </message>
    <message>
        <source>補正待ち</source>
        <translation>Awaiting correction</translation>
    </message>
    <message>
        <source>補正再提出</source>
        <translation>Resubmitted after correction</translation>
    </message>
    <message>
        <source>保留</source>
        <translation>On hold</translation>
    </message>
    <message>
        <source>取下げ</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>通知印刷済</source>
        <translation>Notice printed</translation>
    </message>
    <message>
        <source>封入確認済</source>
        <translation>Enclosure checked</translation>
    </message>
    <message>
        <source>発送済</source>
        <translation>Dispatched</translation>
    </message>
    <message>
        <source>完了</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>審査担当</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>二次審査担当</source>
        <translation>Double checker</translation>
    </message>
    <message>
        <source>印刷・発送担当</source>
        <translation>Print and dispatch staff</translation>
    </message>
    <message>
        <source>SV（監督者）</source>
        <translation>Supervisor (SV)</translation>
    </message>
    <message>
        <source>管理者</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>一次審査</source>
        <translation>First review</translation>
    </message>
    <message>
        <source>二次審査</source>
        <translation>Double check</translation>
    </message>
    <message>
        <source>受付（案件登録）</source>
        <translation>Received (case created)</translation>
    </message>
    <message>
        <source>閲覧</source>
        <translation>Viewed</translation>
    </message>
    <message>
        <source>添付書類の閲覧</source>
        <translation>Attachments viewed</translation>
    </message>
    <message>
        <source>補正内容の閲覧</source>
        <translation>Corrections viewed</translation>
    </message>
    <message>
        <source>確認項目</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <source>取得（担当開始）</source>
        <translation>Claimed</translation>
    </message>
    <message>
        <source>担当解除</source>
        <translation>Released</translation>
    </message>
    <message>
        <source>担当期限切れ</source>
        <translation>Lease expired</translation>
    </message>
    <message>
        <source>担当割当て</source>
        <translation>Assigned</translation>
    </message>
    <message>
        <source>承認</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>却下</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>補正依頼（返戻）</source>
        <translation>Returned for correction</translation>
    </message>
    <message>
        <source>二次審査で確認</source>
        <translation>Confirmed in double check</translation>
    </message>
    <message>
        <source>差戻し</source>
        <translation>Sent back</translation>
    </message>
    <message>
        <source>保留解除</source>
        <translation>Resumed</translation>
    </message>
    <message>
        <source>通知書印刷</source>
        <translation>Notice printed</translation>
    </message>
    <message>
        <source>通知書再印刷</source>
        <translation>Notice reprinted</translation>
    </message>
    <message>
        <source>通知書印刷見送り</source>
        <translation>Notice not printed</translation>
    </message>
    <message>
        <source>封入確認</source>
        <translation>Enclosure checked</translation>
    </message>
    <message>
        <source>封入不一致</source>
        <translation>Enclosure mismatch</translation>
    </message>
    <message>
        <source>電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>書面（郵送）</source>
        <translation>Paper (post)</translation>
    </message>
    <message>
        <source>オンライン</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>窓口</source>
        <translation>Counter</translation>
    </message>
</context>
<context>
    <name>LockForm</name>
    <message>
        <source>🔒 画面をロックしました</source>
        <extracomment>Events that mean a person is at the keyboard (and that the lock must stop).</extracomment>
        <translation>🔒 Screen locked</translation>
    </message>
    <message>
        <source>{name} さんのパスワードを入力すると、作業中の画面に戻ります。入力中の内容はそのまま残っています。</source>
        <translation>Enter {name}&apos;s password to return to your work. Everything you were typing is kept.</translation>
    </message>
    <message>
        <source>パスワード</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>ロック解除 (Enter)</source>
        <translation>Unlock (Enter)</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>利用者名を入力してください</source>
        <extracomment>Makes the message under the fields again (in the language of the moment).</extracomment>
        <translation>Enter your user name</translation>
    </message>
    <message>
        <source>確認しています…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>接続先: {database}</source>
        <translation>Database: {database}</translation>
    </message>
    <message>
        <source>データベースに接続できません: {error}</source>
        <translation>Cannot connect to the database: {error}</translation>
    </message>
    <message>
        <source>データベースに接続しています…</source>
        <translation>Connecting to the database…</translation>
    </message>
    <message>
        <source>審査デスク — ログイン</source>
        <translation>Review Desk — Sign in</translation>
    </message>
    <message>
        <source>審査デスク</source>
        <translation>Review Desk</translation>
    </message>
    <message>
        <source>接続しています…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>利用者名(&amp;U)</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <source>パスワード(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>表示言語(&amp;L)</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>デモ用アカウント（クリックすると入力されます）</source>
        <translation>Demo accounts (click one to fill in the fields)</translation>
    </message>
    <message>
        <source>利用者名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>役割</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>パスワード</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>再試行(&amp;R)</source>
        <translation>&amp;Retry</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>審査デスク — {user}</source>
        <extracomment>Renew the lease on the claimed case this often (leases last 15 minutes). Refresh the queue counts this often. QSettings key: open the next case of the same queue after a decision (default on).</extracomment>
        <translation>Review Desk — {user}</translation>
    </message>
    <message>
        <source>先にキューを選択してください</source>
        <translation>Select a queue first</translation>
    </message>
    <message>
        <source>次の案件を取得しています…</source>
        <translation>Claiming the next case…</translation>
    </message>
    <message>
        <source>案件 {number}（{applicant}）を取得しました</source>
        <translation>Claimed case {number} ({applicant})</translation>
    </message>
    <message>
        <source>このキューには待っている案件がありません。</source>
        <translation>No cases are waiting in this queue.</translation>
    </message>
    <message>
        <source>案件 {number} を「{status}」にしました</source>
        <translation>Case {number} is now “{status}”</translation>
    </message>
    <message>
        <source>案件 {number} をキューに戻しました</source>
        <translation>Case {number} returned to its queue</translation>
    </message>
    <message>
        <source>取得中の案件を判定するか解放してから次の案件を取得してください (F2)</source>
        <translation>Decide or release the case you hold before claiming the next one (F2)</translation>
    </message>
    <message>
        <source>印刷(&amp;P)</source>
        <extracomment>``run(fn, on_success, label=…)``: the window&apos;s way of running a task in the background.</extracomment>
        <translation>&amp;Print</translation>
    </message>
    <message>
        <source>通知書の一括印刷…</source>
        <translation>Print notices in a batch…</translation>
    </message>
    <message>
        <source>決定済みの案件の通知書を印刷します (Ctrl+P)</source>
        <translation>Print the notices of decided cases (Ctrl+P)</translation>
    </message>
    <message>
        <source>封入封緘確認…</source>
        <translation>Enclosure check…</translation>
    </message>
    <message>
        <source>封筒ごとに2次元コードを読み取って確認します (Ctrl+E)</source>
        <translation>Check each envelope by scanning the 2D codes of its sheets (Ctrl+E)</translation>
    </message>
    <message>
        <source>審査デスク</source>
        <translation>Review Desk</translation>
    </message>
    <message>
        <source>案件を取得していません。キューを選んで F2（次の案件）を押してください。</source>
        <translation>No case claimed. Select a queue and press F2 (Next case).</translation>
    </message>
    <message>
        <source>キューを選択してください</source>
        <translation>Select a queue</translation>
    </message>
    <message>
        <source>この役割ではこのキューの案件を取得できません</source>
        <translation>Your role cannot claim cases from this queue</translation>
    </message>
    <message>
        <source>選択したキューから次の案件を取得します (F2)</source>
        <translation>Claim the next case from the selected queue (F2)</translation>
    </message>
    <message>
        <source>利用者: {name}</source>
        <translation>User: {name}</translation>
    </message>
    <message>
        <source>役割: {role}</source>
        <translation>Role: {role}</translation>
    </message>
    <message>
        <source>DB: {label}</source>
        <translation>DB: {label}</translation>
    </message>
    <message>
        <source>キュー</source>
        <translation>Queues</translation>
    </message>
    <message>
        <source>手続・段階</source>
        <translation>Procedure / stage</translation>
    </message>
    <message>
        <source>待ち</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>処理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>ファイル(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>案件(&amp;C)</source>
        <translation>&amp;Case</translation>
    </message>
    <message>
        <source>判定(&amp;D)</source>
        <translation>&amp;Decision</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>次の案件(&amp;N)</source>
        <translation>&amp;Next case</translation>
    </message>
    <message>
        <source>次の案件 (F2)</source>
        <translation>Next case (F2)</translation>
    </message>
    <message>
        <source>解放(&amp;R)</source>
        <translation>&amp;Release</translation>
    </message>
    <message>
        <source>解放</source>
        <translation>Release</translation>
    </message>
    <message>
        <source>取得中の案件をキューに戻します (Ctrl+Shift+R)</source>
        <translation>Return the claimed case to its queue (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>案件一覧を表示(&amp;V)</source>
        <translation>&amp;View case list</translation>
    </message>
    <message>
        <source>一覧 (F6)</source>
        <translation>List (F6)</translation>
    </message>
    <message>
        <source>取得中の案件と案件一覧を切り替えます (F6)</source>
        <translation>Switch between the claimed case and the case list (F6)</translation>
    </message>
    <message>
        <source>判定後に次の案件を自動で開く(&amp;A)</source>
        <translation>Open the next case &amp;automatically after a decision</translation>
    </message>
    <message>
        <source>判定を保存したら、同じキューの次の案件を取得して開きます</source>
        <translation>After a decision is saved, claim and open the next case of the same queue</translation>
    </message>
    <message>
        <source>取得中の案件をキューに戻して終了します (Ctrl+Q)</source>
        <translation>Return the claimed case to its queue and quit (Ctrl+Q)</translation>
    </message>
    <message>
        <source>再読み込み(&amp;L)</source>
        <translation>Re&amp;load</translation>
    </message>
    <message>
        <source>再読み込み (F5)</source>
        <translation>Reload (F5)</translation>
    </message>
    <message>
        <source>キューの件数と案件一覧を読み込み直します (F5)</source>
        <translation>Reload the queue counts and the case list (F5)</translation>
    </message>
    <message>
        <source>終了(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
</context>
<context>
    <name>ManualEntry</name>
    <message>
        <source>電話</source>
        <extracomment>Sources an operator keys in: (service code, label to translate in &quot;ManualEntry&quot;).</extracomment>
        <translation>Phone</translation>
    </message>
    <message>
        <source>郵送・紙</source>
        <translation>Post / paper</translation>
    </message>
    <message>
        <source>窓口</source>
        <translation>Counter</translation>
    </message>
</context>
<context>
    <name>ManualEntryDialog</name>
    <message>
        <source>電話・郵送申請の入力</source>
        <extracomment>The receipt number of a save that failed, and what it saved: a retry of the same values reuses it (the service then finds the case if it was stored).</extracomment>
        <translation>Enter a phone or paper application</translation>
    </message>
    <message>
        <source>空欄なら自動で付番します</source>
        <translation>Numbered automatically when left blank</translation>
    </message>
    <message>
        <source>空欄なら本日（例: 令和8年11月20日）</source>
        <translation>Today when left blank (e.g. 令和8年11月20日)</translation>
    </message>
    <message>
        <source>登録 (Ctrl+Enter)</source>
        <translation>Register (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>閉じる (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>入力した申請を登録します</source>
        <translation>Register the application you entered</translation>
    </message>
    <message>
        <source>手続</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>受付番号</source>
        <translation>Receipt no.</translation>
    </message>
    <message>
        <source>受付方法</source>
        <translation>Received by</translation>
    </message>
    <message>
        <source>受付日</source>
        <translation>Date received</translation>
    </message>
    <message>
        <source>保存しています…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>✓ 案件 {number} を登録しました（受付番号 {receipt}）。</source>
        <translation>✓ Case {number} registered (receipt no. {receipt}).</translation>
    </message>
    <message>
        <source>⚠ 同じ申請者の案件が {count} 件あります（重複の可能性）。</source>
        <translation>⚠ The same applicant has {count} other case(s) (possible duplicate).</translation>
    </message>
    <message>
        <source>✗ 保存できませんでした: {error}
入力した内容はそのまま残っています。直してから、またはデータベースが戻ってから、もう一度登録してください。</source>
        <translation>✗ Could not save: {error}
What you entered is kept. Correct it, or wait until the database is back, and register again.</translation>
    </message>
    <message>
        <source>受付番号が長すぎるか、使えない文字を含みます（128文字まで）</source>
        <translation>The receipt number is too long or contains characters that cannot be used (128 characters at most)</translation>
    </message>
    <message>
        <source>受付日を日付として読めません</source>
        <translation>The date received is not a valid date</translation>
    </message>
    <message>
        <source>受付日が未来の日付です</source>
        <translation>The date received is in the future</translation>
    </message>
    <message>
        <source>この役割では申請を登録できません</source>
        <translation>Your role cannot register applications</translation>
    </message>
    <message>
        <source>未入力の必須項目: {fields}</source>
        <translation>Required fields left blank: {fields}</translation>
    </message>
    <message>
        <source>誤りのある項目: {fields}</source>
        <translation>Fields with errors: {fields}</translation>
    </message>
    <message>
        <source>入力した申請を登録します (Ctrl+Enter)</source>
        <translation>Register the application you entered (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>✗ 登録できません（{count} 件）— ボタンにマウスを置くと内容を表示</source>
        <translation>✗ Cannot register ({count} problems) — hover over the button to see them</translation>
    </message>
    <message>
        <source>✓ 登録できます</source>
        <translation>✓ Ready to register</translation>
    </message>
    <message>
        <source>保存が終わるまでお待ちください。</source>
        <translation>Please wait until saving has finished.</translation>
    </message>
    <message>
        <source>入力中の内容があります。破棄して閉じるには、もう一度 Esc （または 閉じる）を押してください。</source>
        <translation>You have unsaved input. Press Esc (or Close) again to discard it and close.</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>予期しないエラーが発生しました（{kind}: {detail}）。詳細はログに記録されました。</source>
        <extracomment>Error codes that mean &quot;the database cannot be reached&quot; (raised by persistence).</extracomment>
        <translation>An unexpected error occurred ({kind}: {detail}). The details have been written to the log.</translation>
    </message>
</context>
<context>
    <name>OperatorTableModel</name>
    <message>
        <source>{p} 決定</source>
        <translation>{p}: decisions</translation>
    </message>
    <message>
        <source>{p} 処理時間(中央値)</source>
        <translation>{p}: handling time (median)</translation>
    </message>
    <message>
        <source>{p} 補正率</source>
        <translation>{p}: correction rate</translation>
    </message>
    <message>
        <source>一次審査の決定 {n} 件中 補正 {r} 件</source>
        <translation>{r} correction requests in {n} first-review decisions</translation>
    </message>
    <message>
        <source>{p} 差戻率</source>
        <translation>{p}: send-back rate</translation>
    </message>
    <message>
        <source>二次審査 {n} 件中 差戻し {r} 件</source>
        <translation>{r} sent back in {n} double checks</translation>
    </message>
    <message>
        <source>担当者</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>役割</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>担当中</source>
        <translation>Holding</translation>
    </message>
    <message>
        <source>本日</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>今週</source>
        <translation>This week</translation>
    </message>
</context>
<context>
    <name>PrintBatchDialog</name>
    <message>
        <source>通知書の印刷先</source>
        <translation>Printer for notices</translation>
    </message>
    <message>
        <source>通知書の一括印刷</source>
        <translation>Print notices in a batch</translation>
    </message>
    <message>
        <source>決定日で絞り込む</source>
        <translation>Only cases decided on</translation>
    </message>
    <message>
        <source>審査担当者の利用者名（任意）</source>
        <translation>Reviewer&apos;s user name (optional)</translation>
    </message>
    <message>
        <source>PDF を保存するフォルダ（任意）</source>
        <translation>Folder to save the PDFs in (optional)</translation>
    </message>
    <message>
        <source>参照…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>（プリンタに送らない）</source>
        <translation>(not sent to a printer)</translation>
    </message>
    <message>
        <source>プリンタを選ぶ…</source>
        <translation>Choose a printer…</translation>
    </message>
    <message>
        <source>印刷開始</source>
        <translation>Start printing</translation>
    </message>
    <message>
        <source>中止</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>手続</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>決定日</source>
        <translation>Decision date</translation>
    </message>
    <message>
        <source>審査担当</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>PDF 出力</source>
        <translation>PDF output</translation>
    </message>
    <message>
        <source>プリンタ</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>対象</source>
        <translation>To print</translation>
    </message>
    <message>
        <source>{n} 件</source>
        <translation>{n} cases</translation>
    </message>
    <message>
        <source>PDF の保存先</source>
        <translation>Folder for the PDFs</translation>
    </message>
    <message>
        <source>PDF の保存先かプリンタを選んでください</source>
        <translation>Choose a folder for the PDFs or a printer</translation>
    </message>
    <message>
        <source>中止しています（印刷中のファイルが終わるまで）…</source>
        <translation>Stopping (after the file being printed)…</translation>
    </message>
    <message>
        <source>%v / %m 件（{sheets} 枚印刷済み）</source>
        <translation>%v / %m cases ({sheets} sheets printed)</translation>
    </message>
    <message>
        <source>バッチ {id}: {n} 件 {s} 枚</source>
        <translation>Batch {id}: {n} cases, {s} sheets</translation>
    </message>
    <message>
        <source>中止しました。印刷されなかった案件は元の状態のままです。</source>
        <translation>Stopped. Cases that were not printed keep their status.</translation>
    </message>
</context>
<context>
    <name>PriorityDialog</name>
    <message>
        <source>優先度の変更</source>
        <translation>Change priority</translation>
    </message>
    <message>
        <source>数字が大きいほど先に処理されます（{low}〜{high}）</source>
        <translation>Higher numbers are handled first ({low}–{high})</translation>
    </message>
    <message>
        <source>選択した {n} 件の優先度を変更します。</source>
        <translation>Change the priority of the {n} selected case(s).</translation>
    </message>
    <message>
        <source>優先度(&amp;R)</source>
        <translation>P&amp;riority</translation>
    </message>
</context>
<context>
    <name>ProcedureForm</name>
    <message>
        <source>{label}（必須）</source>
        <translation>{label} (required)</translation>
    </message>
    <message>
        <source>住所へ</source>
        <translation>Fill address</translation>
    </message>
    <message>
        <source>郵便番号の住所を「{label}」に入れます（空のときだけ）</source>
        <translation>Put the postal code&apos;s address into “{label}” (only when it is empty)</translation>
    </message>
</context>
<context>
    <name>ProcedureTableModel</name>
    <message>
        <source>手続</source>
        <extracomment>The generic model lives in :mod:`desktop.qt.row_table_model`; named here too.</extracomment>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>一次 待ち</source>
        <translation>First: waiting</translation>
    </message>
    <message>
        <source>一次 審査中</source>
        <translation>First: in review</translation>
    </message>
    <message>
        <source>一次 本日決定</source>
        <translation>First: decided today</translation>
    </message>
    <message>
        <source>二次審査待ち</source>
        <translation>Awaiting double check</translation>
    </message>
    <message>
        <source>二次 審査中</source>
        <translation>Double check: in progress</translation>
    </message>
    <message>
        <source>二次 本日決定</source>
        <translation>Double check: decided today</translation>
    </message>
    <message>
        <source>補正待ち</source>
        <translation>Awaiting correction</translation>
    </message>
    <message>
        <source>保留</source>
        <translation>On hold</translation>
    </message>
    <message>
        <source>本日印刷</source>
        <translation>Printed today</translation>
    </message>
    <message>
        <source>合計</source>
        <translation>Total</translation>
    </message>
</context>
<context>
    <name>QueueFilterBar</name>
    <message>
        <source>検索: 受付番号・案件番号・氏名（かな可）・電話・生年月日</source>
        <extracomment>The criteria changed (a :class:`CaseFilter` without procedure and stage). Saved views could not be read, saved or deleted (the exception). The saved views were (re)loaded; the argument is their names.</extracomment>
        <translation>Search: receipt no., case no., name (kana too), phone, birth date</translation>
    </message>
    <message>
        <source>受付番号・案件番号・氏名（漢字・かな、前方一致）・電話番号・生年月日（1980/1/2、S55.1.2、昭和55年1月2日など）で検索します (Ctrl+F)</source>
        <translation>Searches receipt no., case no., name (kanji or kana, by beginning), phone number and birth date (1980/1/2, S55.1.2, 昭和55年1月2日 …) (Ctrl+F)</translation>
    </message>
    <message>
        <source>状態で絞り込みます</source>
        <translation>Filter by status</translation>
    </message>
    <message>
        <source>期限で絞り込みます（今日・今週は開庁日で数えます）</source>
        <translation>Filter by due date (today and this week count business days)</translation>
    </message>
    <message>
        <source>期限: すべて</source>
        <translation>Due: any</translation>
    </message>
    <message>
        <source>期限超過</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>今日が期限</source>
        <translation>Due today</translation>
    </message>
    <message>
        <source>今週が期限</source>
        <translation>Due this week</translation>
    </message>
    <message>
        <source>受付日</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>受付日の範囲で絞り込みます（両端を含む）</source>
        <translation>Filter by date received (both ends included)</translation>
    </message>
    <message>
        <source>重複の可能性</source>
        <translation>Possible duplicate</translation>
    </message>
    <message>
        <source>同じ申請者の別の案件がある案件だけを表示します</source>
        <translation>Show only cases whose applicant has another case</translation>
    </message>
    <message>
        <source>補正再提出</source>
        <translation>Resubmitted</translation>
    </message>
    <message>
        <source>補正依頼のあと再提出されたことのある案件だけを表示します（今の状態は問いません）</source>
        <translation>Show only cases that were resubmitted after a correction request, whatever their status now</translation>
    </message>
    <message>
        <source>条件をクリア</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <source>検索と絞り込みをすべて解除します</source>
        <translation>Removes the search and every filter</translation>
    </message>
    <message>
        <source>保存したビューを適用します</source>
        <translation>Applies a saved view</translation>
    </message>
    <message>
        <source>ビューを保存…</source>
        <translation>Save view…</translation>
    </message>
    <message>
        <source>今の検索と絞り込みを名前を付けて保存します</source>
        <translation>Saves the current search and filters under a name</translation>
    </message>
    <message>
        <source>削除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>選んでいるビューを削除します</source>
        <translation>Deletes the selected view</translation>
    </message>
    <message>
        <source>ビューを保存</source>
        <translation>Save view</translation>
    </message>
    <message>
        <source>ビューの名前:</source>
        <translation>View name:</translation>
    </message>
    <message>
        <source>ビューを削除</source>
        <translation>Delete view</translation>
    </message>
    <message>
        <source>ビュー「{name}」を削除しますか？</source>
        <translation>Delete the view “{name}”?</translation>
    </message>
    <message>
        <source>保存したビュー</source>
        <translation>Saved views</translation>
    </message>
    <message>
        <source>状態: すべて</source>
        <translation>Status: any</translation>
    </message>
</context>
<context>
    <name>ReassignDialog</name>
    <message>
        <source>担当者の割当て</source>
        <translation>Assign cases</translation>
    </message>
    <message>
        <source>二次審査は一次審査をした人には割り当てられません</source>
        <translation>A double check cannot be assigned to the person who did the first review</translation>
    </message>
    <message>
        <source>選択した {n} 件を次の担当者に割り当てます。</source>
        <translation>Assign the {n} selected case(s) to:</translation>
    </message>
    <message>
        <source>担当者(&amp;P)</source>
        <translation>&amp;Person</translation>
    </message>
</context>
<context>
    <name>ScanEntryDialog</name>
    <message>
        <source>スキャンした申請書の入力</source>
        <translation>Key in scanned applications</translation>
    </message>
    <message>
        <source>一覧からスキャンを開くと（Enter）、ここに表示されます。</source>
        <translation>Open a scan from the list (Enter) to see it here.</translation>
    </message>
    <message>
        <source>スキャンを開くと入力欄が表示されます。</source>
        <translation>Open a scan to see its entry form.</translation>
    </message>
    <message>
        <source>空欄ならスキャンの登録日（例: 令和8年11月20日）</source>
        <translation>Empty: the day the scan was registered (e.g. 2026-11-20)</translation>
    </message>
    <message>
        <source>破棄の理由（例: 白紙、二重スキャン）</source>
        <translation>Reason for discarding (e.g. blank page, scanned twice)</translation>
    </message>
    <message>
        <source>登録</source>
        <extracomment>The last case made or scan discarded (stays while the next scan is keyed in).</extracomment>
        <translation>Save</translation>
    </message>
    <message>
        <source>破棄</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>一覧を更新</source>
        <translation>Reload list</translation>
    </message>
    <message>
        <source>閉じる (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>{action}（{key}）</source>
        <translation>{action} ({key})</translation>
    </message>
    <message>
        <source>入力待ちのスキャン</source>
        <translation>Scans waiting for keying</translation>
    </message>
    <message>
        <source>受付日</source>
        <translation>Received on</translation>
    </message>
    <message>
        <source>読み込んでいます…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>スキャンを開いています…</source>
        <translation>Opening the scan…</translation>
    </message>
    <message>
        <source>保存しています…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>破棄しています…</source>
        <translation>Discarding…</translation>
    </message>
    <message>
        <source>{shown} / {total} 件</source>
        <translation>{shown} of {total}</translation>
    </message>
    <message>
        <source>スキャン {id}「{name}」を入力しています。</source>
        <translation>Keying in scan {id} &quot;{name}&quot;.</translation>
    </message>
    <message>
        <source>✗ 開けませんでした: {error}</source>
        <translation>✗ Could not open it: {error}</translation>
    </message>
    <message>
        <source>✓ 案件 {number} を登録しました（受付番号 {receipt}）。</source>
        <translation>✓ Case {number} saved (receipt number {receipt}).</translation>
    </message>
    <message>
        <source>✓ スキャン {id} を破棄しました。</source>
        <translation>✓ Scan {id} discarded.</translation>
    </message>
    <message>
        <source>✗ 保存できませんでした: {error}
入力した内容はそのまま残っています。</source>
        <translation>✗ Could not save: {error}
Everything you typed is still here.</translation>
    </message>
    <message>
        <source>スキャンを開いてください（Enter）</source>
        <translation>Open a scan (Enter)</translation>
    </message>
    <message>
        <source>未入力の必須項目: {fields}</source>
        <translation>Required fields missing: {fields}</translation>
    </message>
    <message>
        <source>誤りのある項目: {fields}</source>
        <translation>Fields with errors: {fields}</translation>
    </message>
    <message>
        <source>受付日を日付として読めません</source>
        <translation>The received date cannot be read as a date</translation>
    </message>
    <message>
        <source>処理しています…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <source>✓ 登録できます</source>
        <translation>✓ Ready to save</translation>
    </message>
</context>
<context>
    <name>ScanTableModel</name>
    <message>
        <source>番号</source>
        <extracomment>``load(offset, limit)`` → (a page of waiting scans, how many wait in all); background.</extracomment>
        <translation>No.</translation>
    </message>
    <message>
        <source>手続</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>ファイル名</source>
        <translation>File name</translation>
    </message>
    <message>
        <source>形式</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>登録日時</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>入力中</source>
        <translation>Being keyed by</translation>
    </message>
    <message>
        <source>{name} さんが入力中</source>
        <translation>being keyed in by {name}</translation>
    </message>
</context>
<context>
    <name>ShortcutHelp</name>
    <message>
        <source>キー</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>説明</source>
        <translation>Description</translation>
    </message>
</context>
<context>
    <name>ShortcutHelpDialog</name>
    <message>
        <source>キーボードショートカット一覧</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>絞り込み（キー・操作の名前）</source>
        <translation>Filter (key or action name)</translation>
    </message>
    <message>
        <source>灰色の行は、今の画面や権限では使えない操作です（説明の欄にも表示）。</source>
        <translation>Grey rows are actions you cannot use on this screen or with your role (the description says so too).</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>電話・郵送申請の入力…</source>
        <translation>Enter a phone or paper application…</translation>
    </message>
    <message>
        <source>電話や郵送で受け付けた申請を手入力で登録します</source>
        <translation>Type in and register an application received by phone or post</translation>
    </message>
    <message>
        <source>スキャンした申請書の入力…</source>
        <translation>Enter scanned applications…</translation>
    </message>
    <message>
        <source>スキャンした紙の申請書を見ながら入力して登録します</source>
        <translation>Type in and register paper applications while viewing their scans</translation>
    </message>
    <message>
        <source>表示(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>監督ダッシュボード…</source>
        <translation>Supervisor dashboard…</translation>
    </message>
    <message>
        <source>滞留・経過日数・期限・担当者別の処理状況を表示します（監督者）</source>
        <translation>Shows backlog, age in business days, due dates and each operator&apos;s work (supervisors)</translation>
    </message>
    <message>
        <source>ヘルプ(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
</context>
</TS>
