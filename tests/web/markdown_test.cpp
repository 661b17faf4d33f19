#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include <web/markdown.hpp>

namespace passeur::web {
namespace {

std::string Md(std::string_view source, const MarkdownOptions& options = {}) {
    return RenderMarkdown(source, options);
}

TEST(Markdown, Paragraphs) {
    EXPECT_EQ(Md("Bonjour"), "<p>Bonjour</p>\n");
    EXPECT_EQ(Md("Un\ndeux\n\n\nTrois"), "<p>Un\ndeux</p>\n<p>Trois</p>\n");
    EXPECT_EQ(Md(""), "");
    EXPECT_EQ(Md("  \n\t\n"), "");
    EXPECT_EQ(Md("a\r\nb\r\n\r\nc"), "<p>a\nb</p>\n<p>c</p>\n");
}

TEST(Markdown, InlineMarkup) {
    EXPECT_EQ(Md("**gras** et *italique* et `code`"),
              "<p><strong>gras</strong> et <em>italique</em> et <code>code</code></p>\n");
    EXPECT_EQ(Md("*un **mot** fort*"), "<p><em>un <strong>mot</strong> fort</em></p>\n");
    EXPECT_EQ(Md("**un *mot* penché**"), "<p><strong>un <em>mot</em> penché</strong></p>\n");
    EXPECT_EQ(Md("2 * 3 * 4"), "<p>2 * 3 * 4</p>\n");
    EXPECT_EQ(Md("`<b>**pas gras**</b>`"), "<p><code>&lt;b&gt;**pas gras**&lt;/b&gt;</code></p>\n");
    EXPECT_EQ(Md("`` a ` b ``"), "<p><code>a ` b</code></p>\n");
    EXPECT_EQ(Md("\\*pas italique\\* \\` \\\\"), "<p>*pas italique* ` \\</p>\n");
    EXPECT_EQ(Md("l'« accueil » & \"guillemets\""),
              "<p>l&#39;« accueil » &amp; &quot;guillemets&quot;</p>\n");
}

TEST(Markdown, UnclosedMarkersStayText) {
    EXPECT_EQ(Md("**gras"), "<p>**gras</p>\n");
    EXPECT_EQ(Md("*italique"), "<p>*italique</p>\n");
    EXPECT_EQ(Md("`code"), "<p>`code</p>\n");
    EXPECT_EQ(Md("[lien](https://a.fr"), "<p>[lien](https://a.fr</p>\n");
    EXPECT_EQ(Md("[lien] (https://a.fr)"), "<p>[lien] (https://a.fr)</p>\n");
    EXPECT_EQ(Md("** pas gras **"), "<p>** pas gras **</p>\n");
    EXPECT_EQ(Md("****"), "<p>****</p>\n");
}

TEST(Markdown, HardBreaks) {
    EXPECT_EQ(Md("Madame,  \nBonjour\\\nÀ bientôt"), "<p>Madame,<br>\nBonjour<br>\nÀ bientôt</p>\n");
    EXPECT_EQ(Md("fin  "), "<p>fin</p>\n");
}

TEST(Markdown, Lists) {
    EXPECT_EQ(
        Md("- un\n- **deux**\n  suite\n\n- trois\n\nAprès"),
        "<ul>\n<li>un</li>\n<li><strong>deux</strong>\nsuite</li>\n<li>trois</li>\n</ul>\n<p>Après</p>\n");
    EXPECT_EQ(Md("1. a\n2. b"), "<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n");
    EXPECT_EQ(Md("3. c\n4) d"), "<ol start=\"3\">\n<li>c</li>\n<li>d</li>\n</ol>\n");
    EXPECT_EQ(Md("Texte\n- puce"), "<p>Texte</p>\n<ul>\n<li>puce</li>\n</ul>\n");
    EXPECT_EQ(Md("- a\n1. b"), "<ul>\n<li>a</li>\n</ul>\n<ol>\n<li>b</li>\n</ol>\n");
    EXPECT_EQ(Md("-pas une puce"), "<p>-pas une puce</p>\n");
}

TEST(Markdown, Quotes) {
    EXPECT_EQ(
        Md("> De : service@ameli.fr\n> Objet : **remboursement**\n>\n> Cliquez ici"),
        "<blockquote>\n<p>De : service@ameli.fr\nObjet : <strong>remboursement</strong></p>\n<p>Cliquez "
        "ici</p>\n</blockquote>\n");
    EXPECT_EQ(Md("> - a\n> - b"), "<blockquote>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n</blockquote>\n");
    EXPECT_EQ(Md("> > imbriqué"),
              "<blockquote>\n<blockquote>\n<p>imbriqué</p>\n</blockquote>\n</blockquote>\n");
}

TEST(Markdown, DeepQuotesAreBounded) {
    MarkdownOptions options;
    options.max_nesting = 2;
    EXPECT_EQ(Md("> > > trop", options),
              "<blockquote>\n<blockquote>\n<p>&gt; trop</p>\n</blockquote>\n</blockquote>\n");
    const std::string deep = std::string(50000, '>') + " fond";
    const std::string html = Md(deep);
    std::size_t count = 0;
    for (std::size_t at = html.find("<blockquote>"); at != std::string::npos;
         at = html.find("<blockquote>", at + 1)) {
        ++count;
    }
    EXPECT_EQ(count, 4U);
}

TEST(Markdown, Links) {
    EXPECT_EQ(
        Md("Voir [le site **officiel**](https://www.service-public.fr/particuliers?x=1&y=2)."),
        "<p>Voir <a href=\"https://www.service-public.fr/particuliers?x=1&amp;y=2\" rel=\"noopener\">le site "
        "<strong>officiel</strong></a>.</p>\n");
    EXPECT_EQ(Md("[clic](javascript:alert(1))"), "<p>[clic](javascript:alert(1))</p>\n");
    EXPECT_EQ(Md("[clic](JavaScript:alert(1))"), "<p>[clic](JavaScript:alert(1))</p>\n");
    EXPECT_EQ(Md("[clic](data:text/html,x)"), "<p>[clic](data:text/html,x)</p>\n");
    EXPECT_EQ(Md("[clic](//evil.example)"), "<p>[clic](//evil.example)</p>\n");
    EXPECT_EQ(Md("[clic](https://a.fr\"onmouseover=\"x)"),
              "<p>[clic](https://a.fr&quot;onmouseover=&quot;x)</p>\n");
    EXPECT_EQ(Md("[[un](https://a.fr)](https://b.fr)"),
              "<p>[<a href=\"https://a.fr\" rel=\"noopener\">un</a>](https://b.fr)</p>\n");
    EXPECT_EQ(Md("`[code](https://a.fr)`"), "<p><code>[code](https://a.fr)</code></p>\n");
}

TEST(Markdown, Images) {
    EXPECT_EQ(Md("![Un courriel \"urgent\" <b>](images/courriel-suspect.svg)"),
              "<p><img src=\"/media/items/courriel-suspect.svg\" alt=\"Un courriel &quot;urgent&quot; "
              "&lt;b&gt;\"></p>\n");
    MarkdownOptions options;
    options.image_url_prefix = "/static/x/";
    EXPECT_EQ(Md("![alt](images/a.png)", options), "<p><img src=\"/static/x/a.png\" alt=\"alt\"></p>\n");
    options.allow_images = false;
    EXPECT_EQ(Md("![alt](images/a.png)", options), "<p>![alt](images/a.png)</p>\n");
    EXPECT_EQ(Md("![](images/a.png)"), "<p>![](images/a.png)</p>\n");
    EXPECT_EQ(Md("![x](https://evil.example/a.png)"),
              "<p>!<a href=\"https://evil.example/a.png\" rel=\"noopener\">x</a></p>\n");
    EXPECT_EQ(Md("![x](images/../secret.svg)"), "<p>![x](images/../secret.svg)</p>\n");
    EXPECT_EQ(Md("![x](images/a.svg\" onerror=\"x)"), "<p>![x](images/a.svg&quot; onerror=&quot;x)</p>\n");
    EXPECT_EQ(Md("![x](images/a.html)"), "<p>![x](images/a.html)</p>\n");
}

TEST(Markdown, Tables) {
    EXPECT_EQ(
        Md("| Site | Sûr ? |\n|---|:---:|\n| impots.gouv.fr | **oui** |\n| impots-gouv.info |\n\nFin"),
        "<div class=\"fr-table\">\n<table>\n<thead>\n<tr><th scope=\"col\">Site</th><th scope=\"col\">Sûr "
        "?</th></tr>\n</thead>\n<tbody>\n<tr><td>impots.gouv.fr</td><td><strong>oui</strong></td></tr>\n"
        "<tr><td>impots-gouv.info</td><td></td></tr>\n</tbody>\n</table>\n</div>\n<p>Fin</p>\n");
    EXPECT_EQ(Md("| a \\| b |\n|---|\n| c | extra |"),
              "<div class=\"fr-table\">\n<table>\n<thead>\n<tr><th scope=\"col\">a | "
              "b</th></tr>\n</thead>\n<tbody>\n"
              "<tr><td>c</td></tr>\n</tbody>\n</table>\n</div>\n");
    EXPECT_EQ(Md("| pas | un tableau |\n| x |"), "<p>| pas | un tableau |\n| x |</p>\n");
}

TEST(Markdown, RawHtmlIsText) {
    EXPECT_EQ(Md("<script>alert('x')</script>"), "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>\n");
    EXPECT_EQ(Md("<img src=x onerror=alert(1)>"), "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n");
    EXPECT_EQ(Md("**<i>**"), "<p><strong>&lt;i&gt;</strong></p>\n");
    EXPECT_EQ(Md(std::string("a\x01"
                             "b\x7F"
                             "c\x00"
                             "d",
                             7)),
              "<p>abcd</p>\n");
    EXPECT_EQ(Md("bad \xFF utf8"), "<p>bad \xEF\xBF\xBD utf8</p>\n");
    EXPECT_EQ(EscapeHtml("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST(Markdown, LongAndHostileInputStaysFastAndEscaped) {
    using Clock = std::chrono::steady_clock;
    const std::string patterns[] = {
        "**a ", "*a ",     "[a", "[a](", "![a](", "`` ", "``a``` ", "> ", "- ", "| a ", "**a *b `c [d](e) ",
        "\\",   "<script>"};
    for (const auto& pattern : patterns) {
        std::string source;
        while (source.size() < 60000) source += pattern;
        const auto start = Clock::now();
        const std::string html = Md(source);
        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
        EXPECT_LT(elapsed.count(), 500) << pattern;
        EXPECT_EQ(html.find("<script"), std::string::npos) << pattern;
    }
    // Over the size limit: one escaped paragraph, no markup.
    const std::string big = "**gras** <b>" + std::string(70000, 'x');
    const std::string html = Md(big);
    EXPECT_EQ(html.rfind("<p>**gras** &lt;b&gt;", 0), 0U);
    EXPECT_EQ(html.find("<strong>"), std::string::npos);
}

}  // namespace
}  // namespace passeur::web
