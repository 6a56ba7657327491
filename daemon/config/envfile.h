// Reads KEY=VALUE env files (comments, `export`, quotes) into a map.
#pragma once

#include "core/result.h"

#include <QHash>
#include <QString>

namespace crosslogic {

using EnvMap = QHash<QString, QString>;

// Parses env-file text. Errors name the line number and never echo the value (it may be a secret).
Result<EnvMap> parseEnvText(const QString &text);
Result<EnvMap> readEnvFile(const QString &path);
EnvMap processEnvironment();

} // namespace crosslogic
