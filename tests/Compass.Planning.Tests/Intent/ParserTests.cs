using Compass.Core;
using Compass.Planning.Intent;

namespace Compass.Planning.Tests.Intent;

public sealed class ParserTests
{
    [Theory]
    [InlineData("two thousand", 2000)]
    [InlineData("twenty-five thousand", 25000)]
    [InlineData("a hundred", 100)]
    [InlineData("one hundred and fifty", 150)]
    [InlineData("a dozen", 12)]
    [InlineData("three million", 3_000_000)]
    public void ParseWords_ReadsNumberWords(string words, long expected)
    {
        Assert.Equal(expected, NumberParser.ParseWords(words));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("banana")]
    public void ParseWords_NotANumber_IsNull(string words)
    {
        Assert.Null(NumberParser.ParseWords(words));
    }

    [Theory]
    [InlineData("5", "k", 5000)]
    [InlineData("2.5", "K", 2500)]
    [InlineData("1.2", "M", 1_200_000)]
    [InlineData("25,000", null, 25000)]
    public void ParseDigits_ReadsSeparatorsAndSuffixes(string digits, string? suffix, double expected)
    {
        Assert.Equal(expected, NumberParser.ParseDigits(digits, suffix));
    }

    [Theory]
    [InlineData("chatbot for 300 users", 300)]
    [InlineData("a team of 50", 50)]
    [InlineData("our 30 analysts need summaries", 30)]
    [InlineData("for exactly 5 developers", 5)]
    [InlineData("for five hundred engineers", 500)]
    [InlineData("thousands of users", 3000)]
    [InlineData("serán unos 3.000 usuarios", 3000)]
    [InlineData("für ca. 12.000 Mitarbeiter", 12000)]
    [InlineData("pour 2 000 commerciaux", 2000)]
    [InlineData("for our 2 lakh app users", 200_000)]
    [InlineData("1 crore users", 10_000_000)]
    [InlineData("approx 50 hazaar users", 50_000)]
    [InlineData("50 mil usuários do nosso app", 50_000)]
    [InlineData("consumer app, 2M MAU", 2_000_000)]
    [InlineData("for 2,500 technicians", 2500)]
    [InlineData("für 900 Callcenter-Mitarbeiter", 900)]
    [InlineData("our 12-person localization team", 12)]
    [InlineData("team ~60 ppl", 60)]
    [InlineData("हमारे 300 वकीलों के लिए सारांश", 300)]
    [InlineData("launch is planned for 2025 with ~900 users", 900)]
    [InlineData("our 3,000 policy documents translated; 10 reviewers check the output", 10)]
    [InlineData("The museum has 600,000 visitors a year and about 5% of them might use the guide.", 30_000)]
    [InlineData("120,000 residents, and one in four will try it in the first year.", 30_000)]
    [InlineData("reports of 27 member states for 6 compliance staff", 6)]
    [InlineData("patients (hundreds of pages each) for 40 doctors", 40)]
    public void FindUsers_ReadsHeadCounts(string text, int expected)
    {
        Assert.Equal(expected, LoadParser.FindUsers(text)!.Count);
    }

    [Theory]
    [InlineData("10,000 tokens per document")]
    [InlineData("50+ pages long")]
    [InlineData("under 500 ms")]
    [InlineData("on 8 GPUs")]
    [InlineData("Qwen 32B model")]
    [InlineData("99% uptime")]
    [InlineData("for 14 languages")]
    [InlineData("for 40 documents a day")]
    [InlineData("for 2025 with a small team")]
    [InlineData("translate strings for 4 releases per year")]
    public void FindUsers_IgnoresNumbersThatAreNotPeople(string text)
    {
        Assert.Null(LoadParser.FindUsers(text));
    }

    [Theory]
    [InlineData("chatbot for -5 users")]
    [InlineData("-200 employees")]
    public void FindUsers_NegativeCount_IsAnError(string text)
    {
        var ex = Assert.Throws<IntentValueException>(() => LoadParser.FindUsers(text));
        Assert.Contains("negative number of users", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindUsers_Range_IsNotNegative()
    {
        Assert.Equal(10, LoadParser.FindUsers("support for 5-10 users")!.Count);
    }

    [Fact]
    public void FindUsers_VagueCounts_SayWhatWasAssumed()
    {
        var mention = LoadParser.FindUsers("hundreds of users")!;
        Assert.Equal(300, mention.Count);
        Assert.Contains("taken as 300", mention.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("at 20 requests per second", 20)]
    [InlineData("peak of 50 qps", 50)]
    [InlineData("600 req/min", 10)]
    [InlineData("7200 requests an hour", 2)]
    [InlineData("~4.32 million requests a day", 50)]
    [InlineData("about 864,000 translation requests per day", 10)]
    [InlineData("roughly 26.28 million calls per month", 10)]
    [InlineData("~86,400 questions per day", 1)]
    [InlineData("about 36 tickets/hour", 0.01)]
    [InlineData("~120 completion requests per second at peak", 120)]
    public void FindRate_ConvertsToPerSecond(string text, double expected)
    {
        Assert.Equal(expected, LoadParser.FindRate(text)!.Value.Qps, 9);
    }

    [Theory]
    [InlineData("no more than $4,000 per month", 4000)]
    [InlineData("under $4k/month", 4000)]
    [InlineData("4000 USD a month", 4000)]
    [InlineData("budget of $60k per year", 5000)]
    [InlineData("$2 an hour", 1460)]
    [InlineData("our budget is $3000", 3000)]
    [InlineData("chatbot, budget of 50k a year", 50_000.0 / 12)]
    [InlineData("we can spend 2000 per month", 2000)]
    [InlineData("we can spend $9,000 per quarter", 3000)]
    [InlineData("budget of 5.000 USD for month", 5000)]
    public void FindBudget_ReadsMonthlyUsd(string text, double expected)
    {
        Assert.Equal(expected, BudgetParser.FindBudget(text)!.Value.MonthlyUsd, 6);
    }

    // Other currencies are converted at a stated reference rate, and the note says so; they are never ignored.
    [Theory]
    [InlineData("Budget: maximal 8.000 € im Monat", 8000, "EUR")]
    [InlineData("budget 90.000 EUR pro Jahr", 7500, "EUR")]
    [InlineData("budget £10k a month", 10_000, "GBP")]
    [InlineData("budget £150,000 per year", 12_500, "GBP")]
    [InlineData("budget ₹40 lakh per month", 4_000_000, "INR")]
    [InlineData("budget ₹3,00,000 a month", 300_000, "INR")]
    public void FindBudget_OtherCurrencies_AreConvertedAndSaid(string text, double localPerMonth, string code)
    {
        var (usd, note) = BudgetParser.FindBudget(text)!.Value;

        Assert.NotNull(note);
        Assert.Contains(code, note, StringComparison.Ordinal);
        var rate = usd / localPerMonth;
        Assert.InRange(rate, code switch { "EUR" => 1.0, "GBP" => 1.15, _ => 0.010 }, code switch { "EUR" => 1.25, "GBP" => 1.4, _ => 0.014 });
    }

    [Fact]
    public void FindBudget_PriceWithoutBudgetWordsOrPeriod_IsNotABudget()
    {
        Assert.Null(BudgetParser.FindBudget("we sell a $30 product"));
    }

    [Theory]
    [InlineData("on-prem cluster", DeploymentModel.Owned)]
    [InlineData("we already have 16 H100 GPUs", DeploymentModel.Owned)]
    [InlineData("we plan to buy hardware", DeploymentModel.Purchase)]
    [InlineData("we plan to purchase two L40S servers to run it on-prem", DeploymentModel.Purchase)]
    [InlineData("air-gapped deployment in our existing datacenter", DeploymentModel.Owned)]
    [InlineData("hébergé chez nous sur nos serveurs", DeploymentModel.Owned)]
    public void FindDeploymentModel_ReadsHowHardwareIsPaidFor(string text, DeploymentModel expected)
    {
        Assert.Equal(expected, BudgetParser.FindDeploymentModel(text));
    }

    [Fact]
    public void FindDeploymentModel_LaterMoveToTheCloud_Wins()
    {
        Assert.Null(BudgetParser.FindDeploymentModel("We were going to host it on our own servers, but we've decided to go to the cloud instead."));
    }

    [Fact]
    public void Negation_CoversTheClauseAndItsOrList()
    {
        const string text = "This is not code completion or autocomplete, it is code generation.";
        var scopes = Negation.Scopes(text);
        Assert.True(Negation.IsNegated(scopes, text.IndexOf("autocomplete", StringComparison.Ordinal)));
        Assert.False(Negation.IsNegated(scopes, text.IndexOf("generation", StringComparison.Ordinal)));
        Assert.Empty(Negation.Scopes("no more than $4,000 a month"));
    }

    [Theory]
    [InlineData("low latency is critical", Priority.High, null, null)]
    [InlineData("speed isn't as critical as throughput", Priority.Low, null, null)]
    [InlineData("budget is tight", null, Priority.High, null)]
    [InlineData("budget is flexible", null, Priority.Low, null)]
    [InlineData("accuracy is not critical", null, null, Priority.Low)]
    [InlineData("fast code completion", null, null, null)]
    public void Priorities_CountOnlyWhenStated(string text, Priority? latency, Priority? cost, Priority? accuracy)
    {
        Assert.Equal((latency, cost, accuracy), PriorityDetector.Detect(text));
    }

    [Fact]
    public void Mentions_ResolveGpusThroughTheCatalog()
    {
        var (preferred, excluded) = MentionParser.FindGpus("Prefer A100s but not the 40GB ones, and no L4", TestCatalog.Catalog);
        Assert.Contains(GpuType.A100Sxm80, preferred);
        Assert.Contains(GpuType.L4, excluded);
        Assert.Empty(MentionParser.FindGpus("Llama 4 Scout for 100 users", TestCatalog.Catalog).Preferred);
    }

    [Fact]
    public void Mentions_UnknownModelFamilySize_IsANote()
    {
        var (models, notes, hints) = MentionParser.FindModels("Use Gemma 27B please", TestCatalog.Catalog);
        Assert.Empty(models);
        Assert.Contains(notes, n => n.Contains("not in the catalog", StringComparison.Ordinal));
        Assert.Contains(hints, h => h.Field == IntentFields.AdditionalModels && notes.Contains(h.Note));
    }

    [Fact]
    public void Mentions_OnlyExcludedGpus_AllowEveryOtherGpu()
    {
        var (preferred, excluded) = MentionParser.FindGpus("chatbot for 100 users, not on L4", TestCatalog.Catalog);
        Assert.Equal(GpuType.L4, Assert.Single(excluded));
        Assert.DoesNotContain(GpuType.L4, preferred);
        Assert.Equal(TestCatalog.Catalog.Gpus.Length - 1, preferred.Length);
    }

    [Fact]
    public void Mentions_NegatedModel_IsLeftOut()
    {
        var (models, notes, _) = MentionParser.FindModels("chatbot for 100 users, no Mixtral", TestCatalog.Catalog);
        Assert.DoesNotContain(models, m => m.Value.Contains("Mixtral", StringComparison.Ordinal));
        Assert.NotEmpty(models);
        Assert.Contains(notes, n => n.Contains("rules it out", StringComparison.Ordinal));

        var (chosen, _, _) = MentionParser.FindModels("Llama 3.1 70B rather than Qwen 72B", TestCatalog.Catalog);
        Assert.Equal("meta-llama/Llama-3.1-70B-Instruct", Assert.Single(chosen).Value);
    }
}
