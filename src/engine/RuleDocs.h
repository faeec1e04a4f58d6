#pragma once

#include <map>
#include <string_view>

namespace threadlint {

/// Each rule's `docs/rules/<id>.md`, compiled in (see cmake/EmbedDocs.cmake).
const std::map<std::string_view, std::string_view> &ruleDocumentation();

} // namespace threadlint
