// Replays fuzz inputs through LLVMFuzzerTestOneInput without libFuzzer (any compiler): each
// argument is a file or a directory of files (not recursive), run in name order.
//
// Usage: passeur_credential_fuzz_replay [--max-seconds=S] PATH...
// Exit: 0 when every input ran (and none took more than S seconds, default 10); 1 when one was
// too slow or a path could not be read or held no input; a crash is a crash (that is the test).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    double max_seconds = 10;
    std::vector<fs::path> inputs;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg.substr(0, 14) == "--max-seconds=") {
            max_seconds = std::atof(std::string(arg.substr(14)).c_str());
            continue;
        }
        std::error_code error;
        if (fs::is_directory(arg, error)) {
            std::vector<fs::path> files;
            for (const auto& entry : fs::directory_iterator(arg, error)) {
                if (entry.is_regular_file()) files.push_back(entry.path());
            }
            if (files.empty()) {
                std::fprintf(stderr, "fuzz_replay: %s holds no input\n", argv[i]);
                return 1;
            }
            std::sort(files.begin(), files.end());
            inputs.insert(inputs.end(), files.begin(), files.end());
        } else if (fs::is_regular_file(arg, error)) {
            inputs.emplace_back(arg);
        } else {
            std::fprintf(stderr, "fuzz_replay: cannot read %s\n", argv[i]);
            return 1;
        }
    }
    if (inputs.empty()) {
        std::fprintf(stderr, "usage: %s [--max-seconds=S] FILE_OR_DIRECTORY...\n", argv[0]);
        return 1;
    }
    int slow = 0;
    double slowest = 0;
    for (const auto& path : inputs) {
        std::ifstream in(path, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto start = std::chrono::steady_clock::now();
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        slowest = std::max(slowest, seconds);
        if (seconds > max_seconds) {
            std::fprintf(stderr, "fuzz_replay: %s took %.2f s (limit %.2f s)\n", path.c_str(), seconds,
                         max_seconds);
            ++slow;
        }
    }
    std::printf("fuzz_replay: %zu inputs, slowest %.3f s\n", inputs.size(), slowest);
    return slow == 0 ? 0 : 1;
}
