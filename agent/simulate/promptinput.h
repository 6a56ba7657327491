// Reads a prompt/input field (string, list of strings, token ids, lists of token ids) and estimates its
// tokens.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crosslogic::sim {

struct PromptItem
{
    int tokens = 0;  // whitespace-separated words, or the number of token ids
    std::string key; // the item as text, for deterministic derived values (embeddings)
};

class PromptInput
{
public:
    static int countWords(std::string_view text);
    // One item per prompt; nullopt when the value has none of the accepted shapes or is empty.
    static std::optional<std::vector<PromptItem>> read(const nlohmann::json &value);
};

} // namespace crosslogic::sim
