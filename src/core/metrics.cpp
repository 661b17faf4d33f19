#include "core/metrics.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace passeur::core {

namespace {
std::string EscapeLabel(std::string_view v) {
    std::string out;
    for (char c : v) {
        if (c == '\\' || c == '"') {
            out.push_back('\\');
            out.push_back(c);
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string RenderLabels(const Labels& labels, std::string_view extra_key = {}, std::string_view extra = {}) {
    if (labels.empty() && extra_key.empty()) return {};
    std::string out = "{";
    bool first = true;
    for (const auto& [k, v] : labels) {
        if (!first) out += ',';
        first = false;
        out += fmt::format("{}=\"{}\"", k, EscapeLabel(v));
    }
    if (!extra_key.empty()) {
        if (!first) out += ',';
        out += fmt::format("{}=\"{}\"", extra_key, extra);
    }
    out += '}';
    return out;
}

std::string FormatNumber(double v) { return fmt::format("{}", v); }
}  // namespace

std::vector<double> Metrics::DefaultLatencyBuckets() {
    return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

void Metrics::DescribeCounter(std::string name, std::string help) {
    std::lock_guard lock(mu_);
    auto& f = families_[std::move(name)];
    f.help = std::move(help);
    f.histogram = false;
}

void Metrics::DescribeHistogram(std::string name, std::string help, std::vector<double> upper_bounds) {
    std::lock_guard lock(mu_);
    std::sort(upper_bounds.begin(), upper_bounds.end());
    auto& f = families_[std::move(name)];
    f.help = std::move(help);
    f.histogram = true;
    f.bounds = std::move(upper_bounds);
}

void Metrics::Increment(std::string_view name, const Labels& labels, double value) {
    std::lock_guard lock(mu_);
    auto it = families_.find(name);
    if (it == families_.end() || it->second.histogram) return;
    it->second.counters[labels] += value;
}

void Metrics::Observe(std::string_view name, const Labels& labels, double value) {
    std::lock_guard lock(mu_);
    auto it = families_.find(name);
    if (it == families_.end() || !it->second.histogram) return;
    auto& f = it->second;
    auto& series = f.histograms[labels];
    if (series.counts.empty()) series.counts.assign(f.bounds.size() + 1, 0.0);
    auto pos = static_cast<std::size_t>(std::lower_bound(f.bounds.begin(), f.bounds.end(), value) -
                                        f.bounds.begin());
    series.counts[pos] += 1;
    series.sum += value;
    series.count += 1;
}

std::string Metrics::RenderPrometheus() const {
    std::lock_guard lock(mu_);
    std::string out;
    for (const auto& [name, f] : families_) {
        out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, f.help, name,
                           f.histogram ? "histogram" : "counter");
        if (!f.histogram) {
            for (const auto& [labels, v] : f.counters) {
                out += fmt::format("{}{} {}\n", name, RenderLabels(labels), FormatNumber(v));
            }
            continue;
        }
        for (const auto& [labels, s] : f.histograms) {
            double cumulative = 0;
            for (std::size_t i = 0; i < f.bounds.size(); ++i) {
                cumulative += s.counts[i];
                out += fmt::format("{}_bucket{} {}\n", name,
                                   RenderLabels(labels, "le", FormatNumber(f.bounds[i])),
                                   FormatNumber(cumulative));
            }
            cumulative += s.counts.back();
            out += fmt::format("{}_bucket{} {}\n", name, RenderLabels(labels, "le", "+Inf"),
                               FormatNumber(cumulative));
            out += fmt::format("{}_sum{} {}\n", name, RenderLabels(labels), FormatNumber(s.sum));
            out += fmt::format("{}_count{} {}\n", name, RenderLabels(labels), FormatNumber(s.count));
        }
    }
    return out;
}

}  // namespace passeur::core
