// Process-wide metrics in Prometheus text format. Thread-safe.
// Counters and histograms are keyed by name + a small, bounded set of label values: callers
// must never put unbounded values (ids, raw paths) in labels — use route patterns.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace passeur::core {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Metrics {
public:
    // Declares a metric family; must be called before use. Idempotent.
    void DescribeCounter(std::string name, std::string help);
    void DescribeHistogram(std::string name, std::string help, std::vector<double> upper_bounds);

    void Increment(std::string_view name, const Labels& labels, double value = 1.0);
    void Observe(std::string_view name, const Labels& labels, double value);

    // Text exposition format 0.0.4.
    std::string RenderPrometheus() const;

    // Latency buckets in seconds used by the HTTP and store histograms.
    static std::vector<double> DefaultLatencyBuckets();

private:
    struct HistogramSeries {
        std::vector<double> counts;  // per bucket (non-cumulative), last = +Inf
        double sum = 0;
        double count = 0;
    };
    struct Family {
        std::string help;
        bool histogram = false;
        std::vector<double> bounds;
        std::map<Labels, double> counters;
        std::map<Labels, HistogramSeries> histograms;
    };
    mutable std::mutex mu_;
    std::map<std::string, Family, std::less<>> families_;
};

}  // namespace passeur::core
