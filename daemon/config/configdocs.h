// The configuration table as documents: markdown tables for README.md and docs/, the body of the env template.
#pragma once

#include "core/result.h"

#include <QString>
#include <QStringList>

namespace crosslogic {

// A markdown table (variable, default, accepted values, meaning) of the sections named by key ("billing,spool"),
// or of every variable for "all". Fails on an unknown key.
Result<QString> configMarkdown(const QString &sections);
// Every variable under its section heading: a description comment, then NAME= (required or secret, to fill in)
// or #NAME=default (remove the '#' to change it).
QString configEnvTemplate();

} // namespace crosslogic
