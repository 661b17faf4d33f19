// Parsed rows with their source line, shared by the territory parsers (internal).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include <core/result.hpp>
#include <places/geo/territory.hpp>

namespace passeur::places::geo {

template <typename T>
struct Lined {
    std::size_t line = 0;
    T value;
};
using LinedDepartment = Lined<Department>;
using LinedCommune = Lined<Commune>;
using LinedOutline = Lined<DepartmentOutline>;

core::Result<std::vector<LinedDepartment>> ParseDepartmentRows(std::string_view text,
                                                               std::string_view source);
core::Result<std::vector<LinedCommune>> ParseCommuneRows(std::string_view text, std::string_view source);
core::Result<std::vector<LinedOutline>> ParseOutlineFeatures(std::string_view text, std::string_view source);

}  // namespace passeur::places::geo
