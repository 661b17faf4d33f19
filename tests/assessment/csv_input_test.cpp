#include "assessment/csv_input.hpp"

#include <gtest/gtest.h>

namespace passeur::assessment {
namespace {

TEST(BankCsv, ReadsColumnsInAnyOrder) {
    auto items = ParseBankCsv(
        "\xEF\xBB\xBF"
        "b,a,id,competence\r\n0.5,1.2,q1,\"C 1\"\r\n\r\n-1, 0.8 ,q2,C2\n",
        "bank.csv");
    ASSERT_TRUE(items) << items.error().message;
    ASSERT_EQ(items->size(), 2U);
    EXPECT_EQ((*items)[0].id, "q1");
    EXPECT_EQ((*items)[0].competence, "C 1");
    EXPECT_DOUBLE_EQ((*items)[0].a, 1.2);
    EXPECT_DOUBLE_EQ((*items)[0].b, 0.5);
    EXPECT_DOUBLE_EQ((*items)[1].a, 0.8);
    EXPECT_DOUBLE_EQ((*items)[1].c, 0.0);
    auto with_c = ParseBankCsv("id,competence,a,b,c\nq,A,1,0,0.2\n", "x.csv");
    ASSERT_TRUE(with_c);
    EXPECT_DOUBLE_EQ((*with_c)[0].c, 0.2);
}

TEST(BankCsv, ErrorsGiveFileAndLine) {
    auto error = [](std::string_view text) {
        auto r = ParseBankCsv(text, "bank.csv");
        EXPECT_FALSE(r);
        return r ? std::string() : r.error().message;
    };
    EXPECT_EQ(error(""), "bank.csv:1: empty file (a header line is expected)");
    EXPECT_EQ(error("id,competence,a\n"), "bank.csv:1: missing column \"b\"");
    EXPECT_EQ(error("id,competence,a,b,d\n"),
              "bank.csv:1: unknown column \"d\" (expected id, competence, a, b and optionally c)");
    EXPECT_EQ(error("id,competence,a,b\nq1,A,1,0\n\nq2,A,x,0\n"), "bank.csv:4: a: \"x\" is not a number");
    EXPECT_EQ(error("id,competence,a,b\nq1,A,-1,0\n"), "bank.csv:2: a: must be within (0, 10]");
    EXPECT_EQ(error("id,competence,a,b\nq1,A,1,0\nq1,A,1,0\n"), "bank.csv:3: id: duplicate \"q1\"");
    EXPECT_EQ(error("id,competence,a,b\nq1,A,1\n"), "bank.csv:2: 3 fields, the header has 4");
    EXPECT_EQ(error("id,competence,a,b\nq1,\"A,1,0\n"), "bank.csv:2: quoted field not closed on its line");
    EXPECT_EQ(error("id,competence,a,b\nq1,A,1,1e999\n"), "bank.csv:2: b: \"1e999\" is not a number");
    EXPECT_EQ(error("id,competence,a,b\n"), "bank.csv:1: no item after the header");
    auto r = ParseBankCsv("id,competence,a,b\nq1,A,1,20\n", "bank.csv");
    EXPECT_EQ(r.error().field, "bank.csv:2");
}

TEST(AbilitiesCsv, OneOrSeveralColumns) {
    auto one = ParseAbilitiesCsv("id,theta\np1,0.5\np2,-1.25\n", "t.csv");
    ASSERT_TRUE(one);
    EXPECT_EQ(one->columns, std::vector<std::string>{"theta"});
    EXPECT_EQ(one->values, (std::vector<double>{0.5, -1.25}));
    auto many = ParseAbilitiesCsv("id,c1,c2\np1,0.5,1\np2,-1,+2\n", "t.csv");
    ASSERT_TRUE(many);
    EXPECT_EQ(many->columns, (std::vector<std::string>{"c1", "c2"}));
    EXPECT_EQ(many->values, (std::vector<double>{0.5, 1, -1, 2}));
    EXPECT_EQ(ParseAbilitiesCsv("name,theta\np,1\n", "t.csv").error().message,
              "t.csv:1: the header must be \"id,theta\" or \"id,<competence>,...\" (first column id)");
    EXPECT_EQ(ParseAbilitiesCsv("id,theta\np,1\nq,abc\n", "t.csv").error().message,
              "t.csv:3: theta: \"abc\" is not a number");
    EXPECT_EQ(ParseAbilitiesCsv("id,theta\np,11\n", "t.csv").error().message,
              "t.csv:2: theta: must be within [-10, 10]");
    EXPECT_EQ(ParseAbilitiesCsv("id,c1,c1\n", "t.csv").error().message, "t.csv:1: column \"c1\" twice");
}

TEST(Csv, RejectsInvalidUtf8WithItsLine) {
    // Latin-1 "é" (0xE9) alone is not UTF-8; ids must never reach the JSON output undecoded.
    auto bank = ParseBankCsv("id,competence,a,b\nq1,A,1,0\nq\xE9,A,1,0\n", "bank.csv");
    ASSERT_FALSE(bank);
    EXPECT_EQ(bank.error().message, "bank.csv:3: not valid UTF-8");
    EXPECT_EQ(bank.error().field, "bank.csv:3");
    EXPECT_EQ(ParseBankCsv("id,competence,a,b\nq1,Comp\xE9tence,1,0\n", "b.csv").error().message,
              "b.csv:2: not valid UTF-8");
    EXPECT_EQ(ParseAbilitiesCsv("id,theta\np\xFF,1\n", "t.csv").error().message, "t.csv:2: not valid UTF-8");
    EXPECT_EQ(ParseResponsesCsv("person,item,correct\np,i\xC3,1\n", "r.csv").error().message,
              "r.csv:2: not valid UTF-8");
    EXPECT_EQ(ParseItemParamsCsv("id,a,b\n\xE9,1,0\n", "p.csv").error().message, "p.csv:2: not valid UTF-8");
    // Valid multi-byte UTF-8 passes.
    auto ok = ParseBankCsv("id,competence,a,b\nq\xC3\xA9,Comp\xC3\xA9tence,1,0\n", "bank.csv");
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ((*ok)[0].id, "q\xC3\xA9");
}

TEST(Csv, NumberRejectsPlusMinus) {
    EXPECT_EQ(ParseBankCsv("id,competence,a,b\nq1,A,1,+-1\n", "bank.csv").error().message,
              "bank.csv:2: b: \"+-1\" is not a number");
    EXPECT_EQ(ParseAbilitiesCsv("id,theta\np,+-0.5\n", "t.csv").error().message,
              "t.csv:2: theta: \"+-0.5\" is not a number");
    auto plus = ParseAbilitiesCsv("id,theta\np,+0.5\nq,-0.5\n", "t.csv");
    ASSERT_TRUE(plus) << plus.error().message;
    EXPECT_EQ(plus->values, (std::vector<double>{0.5, -0.5}));
}

TEST(AbilitiesCsv, IdsNonEmptyAndUnique) {
    EXPECT_EQ(ParseAbilitiesCsv("id,theta\np,1\n,0\n", "t.csv").error().message,
              "t.csv:3: id: must be 1-200 bytes");
    EXPECT_EQ(ParseAbilitiesCsv("id,theta\np,1\np,0\n", "t.csv").error().message,
              "t.csv:3: id: duplicate \"p\"");
}

TEST(ItemParamsCsv, HeaderOnlyIsAnError) {
    auto r = ParseItemParamsCsv("id,a,b\n", "anchors.csv");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "anchors.csv:1: no item after the header");
    auto ok = ParseItemParamsCsv("b,id,a\n0.5,q,1.5\n", "anchors.csv");
    ASSERT_TRUE(ok) << ok.error().message;
    ASSERT_EQ(ok->size(), 1U);
    EXPECT_DOUBLE_EQ((*ok)[0].a, 1.5);
}

}  // namespace
}  // namespace passeur::assessment
