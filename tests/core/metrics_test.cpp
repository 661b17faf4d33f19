#include "core/metrics.hpp"

#include <gtest/gtest.h>

namespace passeur::core {
namespace {

TEST(Metrics, CountersRenderWithLabels) {
    Metrics m;
    m.DescribeCounter("x_total", "Things.");
    m.Increment("x_total", {{"route", "/a"}, {"status", "200"}});
    m.Increment("x_total", {{"route", "/a"}, {"status", "200"}}, 2);
    m.Increment("unknown_total", {});  // undeclared: ignored
    std::string text = m.RenderPrometheus();
    EXPECT_NE(text.find("# TYPE x_total counter"), std::string::npos);
    EXPECT_NE(text.find("x_total{route=\"/a\",status=\"200\"} 3"), std::string::npos) << text;
    EXPECT_EQ(text.find("unknown_total"), std::string::npos);
}

TEST(Metrics, HistogramBucketsAreCumulative) {
    Metrics m;
    m.DescribeHistogram("lat_seconds", "Latency.", {0.1, 1});
    m.Observe("lat_seconds", {{"op", "q"}}, 0.05);
    m.Observe("lat_seconds", {{"op", "q"}}, 0.5);
    m.Observe("lat_seconds", {{"op", "q"}}, 5);
    std::string text = m.RenderPrometheus();
    EXPECT_NE(text.find("lat_seconds_bucket{op=\"q\",le=\"0.1\"} 1"), std::string::npos) << text;
    EXPECT_NE(text.find("lat_seconds_bucket{op=\"q\",le=\"1\"} 2"), std::string::npos) << text;
    EXPECT_NE(text.find("lat_seconds_bucket{op=\"q\",le=\"+Inf\"} 3"), std::string::npos) << text;
    EXPECT_NE(text.find("lat_seconds_count{op=\"q\"} 3"), std::string::npos) << text;
    EXPECT_NE(text.find("lat_seconds_sum{op=\"q\"} 5.55"), std::string::npos) << text;
}

TEST(Metrics, LabelValuesAreEscaped) {
    Metrics m;
    m.DescribeCounter("e_total", "E.");
    m.Increment("e_total", {{"v", "a\"b\\c"}});
    EXPECT_NE(m.RenderPrometheus().find("e_total{v=\"a\\\"b\\\\c\"} 1"), std::string::npos);
}

}  // namespace
}  // namespace passeur::core
