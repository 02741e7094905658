namespace Compass.Cli.Tests;

public sealed class KnowledgeBaseOptionTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Theory]
    [InlineData(new[] { "--kb", "postgres://u@db/kb", "plan", "x" }, new[] { "plan", "x" })]
    [InlineData(new[] { "plan", "x", "--kb=postgres://u@db/kb", "--json" }, new[] { "plan", "x", "--json" })]
    [InlineData(new[] { "db", "init", "--kb", "Host=db;Database=kb" }, new[] { "db", "init" })]
    public void Kb_AnywhereOnTheLine_IsTakenOut(string[] args, string[] rest)
    {
        var option = KnowledgeBaseOption.Extract(args, NoEnvironment, out var remaining);

        Assert.NotNull(option);
        Assert.Equal("--kb", option.Origin);
        Assert.Equal(rest, remaining);
    }

    [Fact]
    public void Environment_IsUsed_WhenNoFlag_AndTheFlagWins()
    {
        var fromEnvironment = KnowledgeBaseOption.Extract(["plan", "x"], n => n == "COMPASS_KB" ? "postgres://e@db/kb" : null, out _);
        var fromFlag = KnowledgeBaseOption.Extract(["plan", "x", "--kb", "postgres://f@db/kb"], n => n == "COMPASS_KB" ? "postgres://e@db/kb" : null, out _);

        Assert.Equal(("postgres://e@db/kb", "COMPASS_KB"), (fromEnvironment!.ConnectionString, fromEnvironment.Origin));
        Assert.Equal("postgres://f@db/kb", fromFlag!.ConnectionString);
    }

    [Fact]
    public void Nothing_MeansTheEmbeddedKnowledgeBase_AndArgumentsAfterDoubleDashAreKept()
    {
        Assert.Null(KnowledgeBaseOption.Extract(["plan", "x"], NoEnvironment, out _));
        Assert.Null(KnowledgeBaseOption.Extract(["plan", "x"], _ => "  ", out _));
        Assert.Null(KnowledgeBaseOption.Extract(["extract", "--", "--kb", "text"], NoEnvironment, out var rest));
        Assert.Equal(["extract", "--", "--kb", "text"], rest);
    }

    [Theory]
    [InlineData(new[] { "plan", "x", "--kb" }, "--kb needs the database")]
    [InlineData(new[] { "plan", "--kb", "--json" }, "--kb needs the database")]
    [InlineData(new[] { "plan", "--kb=", "x" }, "--kb needs the database")]
    [InlineData(new[] { "--kb", "postgres://a@b/c", "plan", "--kb", "postgres://a@b/d" }, "--kb is given twice")]
    [InlineData(new[] { "plan", "--kb", "mysql://nope" }, "--kb:")]
    public void BadKb_IsAClearError(string[] args, string expected)
    {
        var ex = Assert.Throws<CliException>(() => KnowledgeBaseOption.Extract(args, NoEnvironment, out _));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadEnvironmentValue_NamesTheVariable_AndNeverItsPassword()
    {
        var ex = Assert.Throws<CliException>(() => KnowledgeBaseOption.Extract(["plan", "x"], _ => "postgres://user:s3cret@/", out _));

        Assert.StartsWith("COMPASS_KB:", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", ex.Message, StringComparison.Ordinal);
    }
}
