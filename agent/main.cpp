// crosslogic-node-agent entry point (registration, heartbeats and the simulated engine come with the fleet issue).
#include <QCommandLineParser>
#include <QCoreApplication>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("crosslogic-node-agent"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CROSSLOGIC_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("CrossLogic node agent"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);
    return 0;
}
