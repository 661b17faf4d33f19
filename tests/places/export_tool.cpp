// places_export_tool DIR [COUNT]: writes DIR/places.csv and DIR/places.json (v1) for a generated set
// of places (tests/places/sample_places.hpp), for the reference-library check validate.mjs.
// Exit 0 on success, 1 on a usage or I/O error.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <places/place_codec.hpp>

#include "sample_places.hpp"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DIR [COUNT]\n", argv[0]);
        return 1;
    }
    const std::string dir = argv[1];
    const std::size_t count = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 1000;
    const auto places = passeur::places::testing::SamplePlaces(count, 2026);
    for (const auto& [name, content] :
         {std::pair{std::string("places.csv"), passeur::places::ExportCsv(places)},
          std::pair{std::string("places.json"), passeur::places::ExportJson(places)}}) {
        std::ofstream out(dir + "/" + name, std::ios::binary);
        out << content;
        if (!out) {
            std::fprintf(stderr, "cannot write %s/%s\n", dir.c_str(), name.c_str());
            return 1;
        }
    }
    std::printf("%zu places written to %s\n", places.size(), dir.c_str());
    return 0;
}
