// Logging through spdlog: text or JSON lines, level from configuration, QString-friendly helpers.
#pragma once

#include <QByteArray>
#include <QString>
#include <spdlog/spdlog.h>
#include <string>

namespace crosslogic {

void setupLogging(const QString &level, const QString &format, const std::string &name);

inline std::string qs(const QString &s) { return s.toStdString(); }
inline std::string qs(const QByteArray &b) { return b.toStdString(); }

} // namespace crosslogic
