// Accessible names derived from what is on screen beside each control.
#include "common/accessiblenames.h"

#include <QAbstractItemView>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>

namespace crosslogic::console {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("crosslogic::console::AccessibleNames", text);
}

QString groupTitle(QWidget *w, QWidget *root)
{
    for (QWidget *p = w->parentWidget(); p && p != root->parentWidget(); p = p->parentWidget())
        if (auto *box = qobject_cast<QGroupBox *>(p); box && !box->title().isEmpty())
            return QString(box->title()).remove(QLatin1Char('&'));
    return {};
}

} // namespace

void nameUnlabelledControls(QWidget *root, const QString &viewTitle)
{
    const QString view = QString(viewTitle).remove(QLatin1Char('&'));
    for (QWidget *w : root->findChildren<QWidget *>()) {
        if (!w->accessibleName().isEmpty() || qobject_cast<QHeaderView *>(w))
            continue;
        QString name;
        if (auto *chart = qobject_cast<QChartView *>(w)) {
            name = chart->chart() ? chart->chart()->title() : QString();
            if (name.isEmpty())
                name = groupTitle(w, root);
            if (name.isEmpty())
                name = tr("%1 chart").arg(view);
        } else if (qobject_cast<QAbstractItemView *>(w)) {
            name = groupTitle(w, root);
            if (name.isEmpty())
                name = tr("%1 table").arg(view);
        } else if (auto *edit = qobject_cast<QLineEdit *>(w)) {
            // A buddy label names it already (QFormLayout rows, setBuddy): nothing to add then.
            bool hasBuddy = false;
            for (QLabel *label : root->findChildren<QLabel *>())
                hasBuddy = hasBuddy || label->buddy() == edit;
            if (hasBuddy || qobject_cast<QAbstractItemView *>(edit->parentWidget()))
                continue;
            name = edit->placeholderText();
            if (name.isEmpty())
                name = groupTitle(w, root);
        }
        if (!name.isEmpty())
            w->setAccessibleName(name);
    }
}

} // namespace crosslogic::console
