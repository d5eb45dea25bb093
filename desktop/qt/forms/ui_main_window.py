# Generated from ui/main_window.ui by pyside6-uic — do not edit
# mypy: ignore-errors
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QAction, QBrush, QColor, QConicalGradient,
    QCursor, QFont, QFontDatabase, QGradient,
    QIcon, QImage, QKeySequence, QLinearGradient,
    QPainter, QPalette, QPixmap, QRadialGradient,
    QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHeaderView, QLabel,
    QMainWindow, QMenu, QMenuBar, QSizePolicy,
    QSplitter, QStackedWidget, QStatusBar, QTableView,
    QToolBar, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
    QWidget)

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(1280, 780)
        self.actionClaimNext = QAction(MainWindow)
        self.actionClaimNext.setObjectName(u"actionClaimNext")
#if QT_CONFIG(shortcut)
        self.actionClaimNext.setShortcut(u"F2")
#endif // QT_CONFIG(shortcut)
        self.actionRelease = QAction(MainWindow)
        self.actionRelease.setObjectName(u"actionRelease")
#if QT_CONFIG(shortcut)
        self.actionRelease.setShortcut(u"Ctrl+Shift+R")
#endif // QT_CONFIG(shortcut)
        self.actionShowQueue = QAction(MainWindow)
        self.actionShowQueue.setObjectName(u"actionShowQueue")
        self.actionShowQueue.setCheckable(True)
#if QT_CONFIG(shortcut)
        self.actionShowQueue.setShortcut(u"F6")
#endif // QT_CONFIG(shortcut)
        self.actionAutoNext = QAction(MainWindow)
        self.actionAutoNext.setObjectName(u"actionAutoNext")
        self.actionAutoNext.setCheckable(True)
        self.actionAutoNext.setChecked(True)
        self.actionRefresh = QAction(MainWindow)
        self.actionRefresh.setObjectName(u"actionRefresh")
#if QT_CONFIG(shortcut)
        self.actionRefresh.setShortcut(u"F5")
#endif // QT_CONFIG(shortcut)
        self.actionQuit = QAction(MainWindow)
        self.actionQuit.setObjectName(u"actionQuit")
#if QT_CONFIG(shortcut)
        self.actionQuit.setShortcut(u"Ctrl+Q")
#endif // QT_CONFIG(shortcut)
        self.centralwidget = QWidget(MainWindow)
        self.centralwidget.setObjectName(u"centralwidget")
        self.centralLayout = QVBoxLayout(self.centralwidget)
        self.centralLayout.setObjectName(u"centralLayout")
        self.centralLayout.setContentsMargins(8, 6, 8, 4)
        self.splitter = QSplitter(self.centralwidget)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.queuePanel = QWidget(self.splitter)
        self.queuePanel.setObjectName(u"queuePanel")
        self.queueLayout = QVBoxLayout(self.queuePanel)
        self.queueLayout.setObjectName(u"queueLayout")
        self.queueLayout.setContentsMargins(0, 0, 4, 0)
        self.queueHeading = QLabel(self.queuePanel)
        self.queueHeading.setObjectName(u"queueHeading")

        self.queueLayout.addWidget(self.queueHeading)

        self.queueTree = QTreeWidget(self.queuePanel)
        self.queueTree.setObjectName(u"queueTree")
        self.queueTree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.queueTree.setRootIsDecorated(False)
        self.queueTree.setUniformRowHeights(True)
        self.queueTree.setItemsExpandable(False)

        self.queueLayout.addWidget(self.queueTree)

        self.splitter.addWidget(self.queuePanel)
        self.workStack = QStackedWidget(self.splitter)
        self.workStack.setObjectName(u"workStack")
        self.casePanel = QWidget()
        self.casePanel.setObjectName(u"casePanel")
        self.caseLayout = QVBoxLayout(self.casePanel)
        self.caseLayout.setObjectName(u"caseLayout")
        self.caseLayout.setContentsMargins(4, 0, 0, 0)
        self.caseHeading = QLabel(self.casePanel)
        self.caseHeading.setObjectName(u"caseHeading")

        self.caseLayout.addWidget(self.caseHeading)

        self.caseTable = QTableView(self.casePanel)
        self.caseTable.setObjectName(u"caseTable")
        self.caseTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.caseTable.setAlternatingRowColors(True)
        self.caseTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.caseTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.caseTable.setShowGrid(False)
        self.caseTable.setWordWrap(False)
        self.caseTable.horizontalHeader().setHighlightSections(False)
        self.caseTable.horizontalHeader().setStretchLastSection(True)
        self.caseTable.verticalHeader().setVisible(False)

        self.caseLayout.addWidget(self.caseTable)

        self.detailPlaceholder = QLabel(self.casePanel)
        self.detailPlaceholder.setObjectName(u"detailPlaceholder")
        self.detailPlaceholder.setWordWrap(True)

        self.caseLayout.addWidget(self.detailPlaceholder)

        self.workStack.addWidget(self.casePanel)
        self.casePage = QWidget()
        self.casePage.setObjectName(u"casePage")
        self.casePageLayout = QVBoxLayout(self.casePage)
        self.casePageLayout.setObjectName(u"casePageLayout")
        self.casePageLayout.setContentsMargins(4, 0, 0, 0)
        self.workStack.addWidget(self.casePage)
        self.splitter.addWidget(self.workStack)

        self.centralLayout.addWidget(self.splitter)

        MainWindow.setCentralWidget(self.centralwidget)
        self.menubar = QMenuBar(MainWindow)
        self.menubar.setObjectName(u"menubar")
        self.menuFile = QMenu(self.menubar)
        self.menuFile.setObjectName(u"menuFile")
        self.menuCase = QMenu(self.menubar)
        self.menuCase.setObjectName(u"menuCase")
        self.menuDecision = QMenu(self.menubar)
        self.menuDecision.setObjectName(u"menuDecision")
        MainWindow.setMenuBar(self.menubar)
        self.toolBar = QToolBar(MainWindow)
        self.toolBar.setObjectName(u"toolBar")
        self.toolBar.setMovable(False)
        self.toolBar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        MainWindow.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolBar)
        self.statusbar = QStatusBar(MainWindow)
        self.statusbar.setObjectName(u"statusbar")
        MainWindow.setStatusBar(self.statusbar)

        self.menubar.addAction(self.menuFile.menuAction())
        self.menubar.addAction(self.menuCase.menuAction())
        self.menubar.addAction(self.menuDecision.menuAction())
        self.menuFile.addAction(self.actionQuit)
        self.menuCase.addAction(self.actionClaimNext)
        self.menuCase.addAction(self.actionRelease)
        self.menuCase.addSeparator()
        self.menuCase.addAction(self.actionShowQueue)
        self.menuCase.addAction(self.actionRefresh)
        self.toolBar.addAction(self.actionClaimNext)
        self.toolBar.addAction(self.actionRelease)
        self.toolBar.addSeparator()
        self.toolBar.addAction(self.actionShowQueue)
        self.toolBar.addAction(self.actionRefresh)

        self.retranslateUi(MainWindow)

        self.workStack.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow):
        MainWindow.setWindowTitle(QCoreApplication.translate("MainWindow", u"\u5be9\u67fb\u30c7\u30b9\u30af", None))
        self.actionClaimNext.setText(QCoreApplication.translate("MainWindow", u"\u6b21\u306e\u6848\u4ef6(&N)", None))
        self.actionClaimNext.setIconText(QCoreApplication.translate("MainWindow", u"\u6b21\u306e\u6848\u4ef6 (F2)", None))
#if QT_CONFIG(tooltip)
        self.actionClaimNext.setToolTip(QCoreApplication.translate("MainWindow", u"\u9078\u629e\u3057\u305f\u30ad\u30e5\u30fc\u304b\u3089\u6b21\u306e\u6848\u4ef6\u3092\u53d6\u5f97\u3057\u307e\u3059 (F2)", None))
#endif // QT_CONFIG(tooltip)
        self.actionRelease.setText(QCoreApplication.translate("MainWindow", u"\u89e3\u653e(&R)", None))
        self.actionRelease.setIconText(QCoreApplication.translate("MainWindow", u"\u89e3\u653e", None))
#if QT_CONFIG(tooltip)
        self.actionRelease.setToolTip(QCoreApplication.translate("MainWindow", u"\u53d6\u5f97\u4e2d\u306e\u6848\u4ef6\u3092\u30ad\u30e5\u30fc\u306b\u623b\u3057\u307e\u3059 (Ctrl+Shift+R)", None))
#endif // QT_CONFIG(tooltip)
        self.actionShowQueue.setText(QCoreApplication.translate("MainWindow", u"\u6848\u4ef6\u4e00\u89a7\u3092\u8868\u793a(&V)", None))
        self.actionShowQueue.setIconText(QCoreApplication.translate("MainWindow", u"\u4e00\u89a7 (F6)", None))
#if QT_CONFIG(tooltip)
        self.actionShowQueue.setToolTip(QCoreApplication.translate("MainWindow", u"\u53d6\u5f97\u4e2d\u306e\u6848\u4ef6\u3068\u6848\u4ef6\u4e00\u89a7\u3092\u5207\u308a\u66ff\u3048\u307e\u3059 (F6)", None))
#endif // QT_CONFIG(tooltip)
        self.actionAutoNext.setText(QCoreApplication.translate("MainWindow", u"\u5224\u5b9a\u5f8c\u306b\u6b21\u306e\u6848\u4ef6\u3092\u81ea\u52d5\u3067\u958b\u304f(&A)", None))
#if QT_CONFIG(tooltip)
        self.actionAutoNext.setToolTip(QCoreApplication.translate("MainWindow", u"\u5224\u5b9a\u3092\u4fdd\u5b58\u3057\u305f\u3089\u3001\u540c\u3058\u30ad\u30e5\u30fc\u306e\u6b21\u306e\u6848\u4ef6\u3092\u53d6\u5f97\u3057\u3066\u958b\u304d\u307e\u3059", None))
#endif // QT_CONFIG(tooltip)
        self.actionRefresh.setText(QCoreApplication.translate("MainWindow", u"\u518d\u8aad\u307f\u8fbc\u307f(&L)", None))
        self.actionRefresh.setIconText(QCoreApplication.translate("MainWindow", u"\u518d\u8aad\u307f\u8fbc\u307f (F5)", None))
#if QT_CONFIG(tooltip)
        self.actionRefresh.setToolTip(QCoreApplication.translate("MainWindow", u"\u30ad\u30e5\u30fc\u306e\u4ef6\u6570\u3068\u6848\u4ef6\u4e00\u89a7\u3092\u8aad\u307f\u8fbc\u307f\u76f4\u3057\u307e\u3059 (F5)", None))
#endif // QT_CONFIG(tooltip)
        self.actionQuit.setText(QCoreApplication.translate("MainWindow", u"\u7d42\u4e86(&X)", None))
#if QT_CONFIG(tooltip)
        self.actionQuit.setToolTip(QCoreApplication.translate("MainWindow", u"\u53d6\u5f97\u4e2d\u306e\u6848\u4ef6\u3092\u30ad\u30e5\u30fc\u306b\u623b\u3057\u3066\u7d42\u4e86\u3057\u307e\u3059 (Ctrl+Q)", None))
#endif // QT_CONFIG(tooltip)
        self.queueHeading.setText(QCoreApplication.translate("MainWindow", u"\u30ad\u30e5\u30fc", None))
        ___qtreewidgetitem = self.queueTree.headerItem()
        ___qtreewidgetitem.setText(2, QCoreApplication.translate("MainWindow", u"\u51e6\u7406\u4e2d", None))
        ___qtreewidgetitem.setText(1, QCoreApplication.translate("MainWindow", u"\u5f85\u3061", None))
        ___qtreewidgetitem.setText(0, QCoreApplication.translate("MainWindow", u"\u624b\u7d9a\u30fb\u6bb5\u968e", None))
        self.caseHeading.setText(QCoreApplication.translate("MainWindow", u"\u30ad\u30e5\u30fc\u3092\u9078\u629e\u3057\u3066\u304f\u3060\u3055\u3044", None))
        self.detailPlaceholder.setText(QCoreApplication.translate("MainWindow", u"\u6848\u4ef6\u3092\u53d6\u5f97\u3057\u3066\u3044\u307e\u305b\u3093\u3002\u30ad\u30e5\u30fc\u3092\u9078\u3093\u3067 F2\uff08\u6b21\u306e\u6848\u4ef6\uff09\u3092\u62bc\u3057\u3066\u304f\u3060\u3055\u3044\u3002", None))
        self.menuFile.setTitle(QCoreApplication.translate("MainWindow", u"\u30d5\u30a1\u30a4\u30eb(&F)", None))
        self.menuCase.setTitle(QCoreApplication.translate("MainWindow", u"\u6848\u4ef6(&C)", None))
        self.menuDecision.setTitle(QCoreApplication.translate("MainWindow", u"\u5224\u5b9a(&D)", None))
        self.toolBar.setWindowTitle(QCoreApplication.translate("MainWindow", u"\u64cd\u4f5c", None))
    # retranslateUi

