#include <algorithm>
#include <fstream>
#include <system_error>

#include <item/item_files.hpp>

namespace passeur::item {

namespace fs = std::filesystem;

core::Result<std::vector<ItemFile>> LoadItemFiles(const fs::path& items_dir) {
    std::error_code ec;
    if (!fs::is_directory(items_dir, ec)) {
        return core::Fail(core::Error::NotFound("item folder " + items_dir.string() + " does not exist"));
    }
    std::vector<ItemFile> files;
    fs::recursive_directory_iterator it(items_dir, fs::directory_options::none, ec);
    if (ec)
        return core::Fail(core::Error::Internal("cannot read " + items_dir.string() + ": " + ec.message()));
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec)
            return core::Fail(
                core::Error::Internal("cannot read " + items_dir.string() + ": " + ec.message()));
        const auto relative = it->path().lexically_relative(items_dir).generic_string();
        if (it.depth() == 0 && it->is_directory(ec) && it->path().filename() == "images") {
            it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file(ec) || it->path().extension() != ".json") continue;
        std::ifstream in(it->path(), std::ios::binary);
        if (!in) return core::Fail(core::Error::Internal("cannot open " + it->path().string()));
        std::string text(kMaxItemFileBytes + 1, '\0');
        in.read(text.data(), static_cast<std::streamsize>(text.size()));
        text.resize(static_cast<std::size_t>(in.gcount()));
        files.push_back({relative, std::move(text)});
    }
    std::sort(files.begin(), files.end(),
              [](const ItemFile& a, const ItemFile& b) { return a.path < b.path; });
    return files;
}

ImageExists ImageExistsIn(const fs::path& items_dir) {
    return [images = items_dir / "images"](std::string_view name) {
        std::error_code ec;
        return fs::is_regular_file(images / fs::path(std::string(name)), ec);
    };
}

int RunItemsCheck(const fs::path& items_dir, const CompetenceResolver& competences, bool as_json,
                  std::string& output) {
    const auto files = LoadItemFiles(items_dir);
    if (!files) {
        output = as_json ? nlohmann::json{{"error", files.error().message}}.dump(2) + "\n"
                         : files.error().message + "\n";
        return 2;
    }
    const auto report = CheckItemFiles(*files, {competences, ImageExistsIn(items_dir)});
    output = as_json ? CheckReportToJson(report).dump(2) + "\n" : CheckReportToText(report);
    return report.ok() ? 0 : 1;
}

}  // namespace passeur::item
