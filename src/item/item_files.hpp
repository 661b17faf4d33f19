// Reading the item bank folder (data/items/) from disk: the only I/O of passeur_item, kept apart
// from the pure checker so that the CLI and the importer share it.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <core/result.hpp>

#include <item/check.hpp>
#include <item/validation.hpp>

namespace passeur::item {

// Every `*.json` file under `items_dir` (recursively, symbolic links not followed, the `images/`
// folder skipped), paths relative to `items_dir` with '/' separators, sorted. A file over
// kMaxItemFileBytes is returned with its text cut to kMaxItemFileBytes + 1 bytes, so that the checker
// reports it. Errors: the folder is missing or unreadable (NotFound / Internal).
core::Result<std::vector<ItemFile>> LoadItemFiles(const std::filesystem::path& items_dir);

// ImageExists over `items_dir`/images/ (a regular file of that name).
ImageExists ImageExistsIn(const std::filesystem::path& items_dir);

// `passeur items check [--json]`: checks every file of `items_dir` (images from `items_dir`/images/)
// and writes the report to `output` (CheckReportToJson dumped with 2 spaces and a final newline,
// or CheckReportToText). Returns the exit code: 0 no problem, 1 problems, 2 the folder cannot be
// read (the error message, or with `as_json` {"error": message}, in `output`).
int RunItemsCheck(const std::filesystem::path& items_dir, const CompetenceResolver& competences, bool as_json,
                  std::string& output);

}  // namespace passeur::item
