# Generated from ui/login_dialog.ui by pyside6-uic — do not edit
# mypy: ignore-errors
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'login_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox,
    QDialog, QDialogButtonBox, QFormLayout, QGroupBox,
    QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPushButton, QSizePolicy, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget)

class Ui_LoginDialog(object):
    def setupUi(self, LoginDialog):
        if not LoginDialog.objectName():
            LoginDialog.setObjectName(u"LoginDialog")
        LoginDialog.resize(460, 420)
        self.mainLayout = QVBoxLayout(LoginDialog)
        self.mainLayout.setSpacing(10)
        self.mainLayout.setObjectName(u"mainLayout")
        self.mainLayout.setContentsMargins(20, 18, 20, 16)
        self.titleLabel = QLabel(LoginDialog)
        self.titleLabel.setObjectName(u"titleLabel")

        self.mainLayout.addWidget(self.titleLabel)

        self.connectionLabel = QLabel(LoginDialog)
        self.connectionLabel.setObjectName(u"connectionLabel")
        self.connectionLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.connectionLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setHorizontalSpacing(12)
        self.formLayout.setVerticalSpacing(8)
        self.userLabel = QLabel(LoginDialog)
        self.userLabel.setObjectName(u"userLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.userLabel)

        self.userEdit = QLineEdit(LoginDialog)
        self.userEdit.setObjectName(u"userEdit")
        self.userEdit.setMaxLength(64)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.userEdit)

        self.passwordLabel = QLabel(LoginDialog)
        self.passwordLabel.setObjectName(u"passwordLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.passwordLabel)

        self.passwordEdit = QLineEdit(LoginDialog)
        self.passwordEdit.setObjectName(u"passwordEdit")
        self.passwordEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.passwordEdit)

        self.languageLabel = QLabel(LoginDialog)
        self.languageLabel.setObjectName(u"languageLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.languageLabel)

        self.languageCombo = QComboBox(LoginDialog)
        self.languageCombo.setObjectName(u"languageCombo")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.languageCombo)


        self.mainLayout.addLayout(self.formLayout)

        self.errorLabel = QLabel(LoginDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setText(u"")
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.mainLayout.addWidget(self.errorLabel)

        self.demoGroup = QGroupBox(LoginDialog)
        self.demoGroup.setObjectName(u"demoGroup")
        self.demoLayout = QVBoxLayout(self.demoGroup)
        self.demoLayout.setObjectName(u"demoLayout")
        self.demoTable = QTableWidget(self.demoGroup)
        if (self.demoTable.columnCount() < 3):
            self.demoTable.setColumnCount(3)
        __qtablewidgetitem = QTableWidgetItem()
        self.demoTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.demoTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.demoTable.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        self.demoTable.setObjectName(u"demoTable")
        self.demoTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.demoTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.demoTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.demoTable.setShowGrid(False)
        self.demoTable.setAlternatingRowColors(True)
        self.demoTable.horizontalHeader().setStretchLastSection(True)
        self.demoTable.verticalHeader().setVisible(False)

        self.demoLayout.addWidget(self.demoTable)


        self.mainLayout.addWidget(self.demoGroup)

        self.buttonLayout = QHBoxLayout()
        self.buttonLayout.setObjectName(u"buttonLayout")
        self.retryButton = QPushButton(LoginDialog)
        self.retryButton.setObjectName(u"retryButton")
        self.retryButton.setAutoDefault(False)

        self.buttonLayout.addWidget(self.retryButton)

        self.buttonBox = QDialogButtonBox(LoginDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.buttonLayout.addWidget(self.buttonBox)


        self.mainLayout.addLayout(self.buttonLayout)

#if QT_CONFIG(shortcut)
        self.userLabel.setBuddy(self.userEdit)
        self.passwordLabel.setBuddy(self.passwordEdit)
        self.languageLabel.setBuddy(self.languageCombo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.userEdit, self.passwordEdit)
        QWidget.setTabOrder(self.passwordEdit, self.languageCombo)
        QWidget.setTabOrder(self.languageCombo, self.demoTable)
        QWidget.setTabOrder(self.demoTable, self.retryButton)

        self.retranslateUi(LoginDialog)
        self.buttonBox.accepted.connect(LoginDialog.accept)
        self.buttonBox.rejected.connect(LoginDialog.reject)

        QMetaObject.connectSlotsByName(LoginDialog)
    # setupUi

    def retranslateUi(self, LoginDialog):
        LoginDialog.setWindowTitle(QCoreApplication.translate("LoginDialog", u"\u5be9\u67fb\u30c7\u30b9\u30af \u2014 \u30ed\u30b0\u30a4\u30f3", None))
        self.titleLabel.setText(QCoreApplication.translate("LoginDialog", u"\u5be9\u67fb\u30c7\u30b9\u30af", None))
        self.connectionLabel.setText(QCoreApplication.translate("LoginDialog", u"\u63a5\u7d9a\u3057\u3066\u3044\u307e\u3059\u2026", None))
        self.userLabel.setText(QCoreApplication.translate("LoginDialog", u"\u5229\u7528\u8005\u540d(&U)", None))
        self.passwordLabel.setText(QCoreApplication.translate("LoginDialog", u"\u30d1\u30b9\u30ef\u30fc\u30c9(&P)", None))
        self.languageLabel.setText(QCoreApplication.translate("LoginDialog", u"\u8868\u793a\u8a00\u8a9e(&L)", None))
        self.demoGroup.setTitle(QCoreApplication.translate("LoginDialog", u"\u30c7\u30e2\u7528\u30a2\u30ab\u30a6\u30f3\u30c8\uff08\u30af\u30ea\u30c3\u30af\u3059\u308b\u3068\u5165\u529b\u3055\u308c\u307e\u3059\uff09", None))
        ___qtablewidgetitem = self.demoTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("LoginDialog", u"\u5229\u7528\u8005\u540d", None))
        ___qtablewidgetitem1 = self.demoTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("LoginDialog", u"\u5f79\u5272", None))
        ___qtablewidgetitem2 = self.demoTable.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("LoginDialog", u"\u30d1\u30b9\u30ef\u30fc\u30c9", None))
        self.retryButton.setText(QCoreApplication.translate("LoginDialog", u"\u518d\u8a66\u884c(&R)", None))
    # retranslateUi

