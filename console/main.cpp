// crosslogic-console entry point; the views come with the console issue.
#include <QApplication>
#include <QLabel>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("crosslogic-console"));
    QApplication::setApplicationVersion(QStringLiteral(CROSSLOGIC_VERSION));
    QLabel label(QObject::tr("CrossLogic console"));
    label.show();
    return QApplication::exec();
}
