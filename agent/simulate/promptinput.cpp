// Reads a prompt/input field (string, list of strings, token ids, lists of token ids) and estimates its
// tokens.
#include "simulate/promptinput.h"

#include <nlohmann/json.hpp>

namespace crosslogic::sim {
namespace {

bool isTokenIds(const nlohmann::json &v)
{
    if (!v.is_array() || v.empty())
        return false;
    for (const auto &e : v)
        if (!e.is_number_integer() || e.get<long long>() < 0)
            return false;
    return true;
}

} // namespace

int PromptInput::countWords(std::string_view text)
{
    int words = 0;
    bool inWord = false;
    for (char c : text) {
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
        if (!space && !inWord)
            ++words;
        inWord = !space;
    }
    return words;
}

std::optional<std::vector<PromptItem>> PromptInput::read(const nlohmann::json &value)
{
    std::vector<PromptItem> items;
    if (value.is_string()) {
        const auto text = value.get<std::string>();
        items.push_back({countWords(text), text});
        return items;
    }
    if (isTokenIds(value)) {
        items.push_back({int(value.size()), value.dump()});
        return items;
    }
    if (!value.is_array() || value.empty())
        return std::nullopt;
    for (const auto &e : value) {
        if (e.is_string())
            items.push_back({countWords(e.get<std::string>()), e.get<std::string>()});
        else if (isTokenIds(e))
            items.push_back({int(e.size()), e.dump()});
        else
            return std::nullopt;
    }
    return items;
}

} // namespace crosslogic::sim
