// A Redis reply copied out of hiredis, so callbacks can keep it past the hiredis callback.
#pragma once

#include <QByteArray>
#include <vector>

namespace crosslogic {

struct RedisReply
{
    enum class Type { Nil, Status, Error, Integer, String, Array };
    Type type = Type::Nil;
    long long integer = 0;
    QByteArray str;
    std::vector<RedisReply> elements;

    bool isError() const { return type == Type::Error; }
    bool isNil() const { return type == Type::Nil; }
    // Integer reply, or a string holding an integer; fallback otherwise.
    long long toInteger(long long fallback = 0) const
    {
        if (type == Type::Integer)
            return integer;
        bool ok = false;
        const long long v = str.toLongLong(&ok);
        return ok ? v : fallback;
    }
    static RedisReply error(QByteArray message)
    {
        RedisReply r;
        r.type = Type::Error;
        r.str = std::move(message);
        return r;
    }
};

} // namespace crosslogic
