// One row of the daemon's configuration table: a variable's name, section, target member, default, range and text.
#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>
#include <variant>

namespace crosslogic {

struct Config;

// Where a variable is documented: the env template's headings, the docs' table selections (`--markdown billing`).
enum class ConfigSection
{
    Required,
    Http,
    Database,
    RateLimits,
    Upstream,
    Fleet,
    Logging,
    Billing,
    Spool,
    Alerts,
};

struct ConfigSectionInfo
{
    ConfigSection section;
    const char *key;   // what `check-config --markdown` selects it by
    const char *title; // the env template's heading
};

// The member a variable fills; its type is the variable's type: text, an integer in [min, max], a word out of
// choices (QString), or a flag (bool: true for the words in trueWords).
using ConfigTarget = std::variant<QString Config::*, int Config::*, qint64 Config::*, bool Config::*>;

struct ConfigVariable
{
    const char *name = nullptr;
    ConfigSection section = ConfigSection::Required;
    ConfigTarget target;
    const char *defaultValue = nullptr; // as written in an env file; nullptr: required
    qint64 min = 0;                     // integers: the accepted range
    qint64 max = 0;
    const char *choices = nullptr;      // "a|b|c": the accepted words, lower case (input is lowercased)
    const char *trueWords = nullptr;    // flags: the choices that mean true, e.g. "true|1"
    const char *description = "";      // one line: check-config's error for a missing variable, every table
    const char *notes = nullptr;        // more for operators, in the env template and the docs' tables
    bool secret = false;                // never printed: check-config masks it, errors never echo it
    // Runs once every row is read: what a range cannot say (URL syntax, token rules, pairs of variables). Each
    // message is appended to the variable's name ("has no host"). A check may also fill derived members.
    QStringList (*check)(Config &config) = nullptr;
    // Appended to check-config's value for people, e.g. what GATEWAY_IO_THREADS=0 resolved to.
    QString (*annotate)(const Config &config) = nullptr;

    QString key() const { return QString::fromLatin1(name); }
    bool required() const { return defaultValue == nullptr; }
    bool isInteger() const { return std::holds_alternative<int Config::*>(target) || std::holds_alternative<qint64 Config::*>(target); }
    bool isFlag() const { return std::holds_alternative<bool Config::*>(target); }
    QStringList choiceList() const;
    // What the variable accepts, for people: "integer 0 to 65535", "trace, debug, ...", "text".
    QString acceptedText() const;
};

const QList<ConfigSectionInfo> &configSections();

} // namespace crosslogic
