namespace Compass.Cli.Tests;

public sealed class KnowledgeBaseOptionTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Theory]
    [InlineData("--kb", "postgres://u@db/kb", "plan", "x")]
    [InlineData("plan", "x", "--kb=postgres://u@db/kb", "--json")]
    [InlineData("db", "init", "--kb", "postgres://u@db/kb")]
    public void Kb_AnywhereOnTheLine_IsRead(params string[] args)
    {
        var context = new CliContext(TextReader.Null, TextWriter.Null, TextWriter.Null, NoEnvironment);
        var result = CompassRootCommand.Create(context).Parse(args);

        Assert.Empty(result.Errors);
        var option = context.KnowledgeBase(result);
        Assert.NotNull(option);
        Assert.Equal(("postgres://u@db/kb", "--kb"), (option.ConnectionString, option.Origin));
    }

    [Fact]
    public void Environment_IsUsed_WhenNoFlag_AndTheFlagWins()
    {
        var fromEnvironment = KnowledgeBaseOption.Resolve(null, n => n == "COMPASS_KB" ? "postgres://e@db/kb" : null);
        var fromFlag = KnowledgeBaseOption.Resolve("postgres://f@db/kb", n => n == "COMPASS_KB" ? "postgres://e@db/kb" : null);

        Assert.Equal(("postgres://e@db/kb", "COMPASS_KB"), (fromEnvironment!.ConnectionString, fromEnvironment.Origin));
        Assert.Equal(("postgres://f@db/kb", "--kb"), (fromFlag!.ConnectionString, fromFlag.Origin));
    }

    [Fact]
    public async Task Nothing_MeansTheEmbeddedKnowledgeBase_AndArgumentsAfterDoubleDashAreKept()
    {
        Assert.Null(KnowledgeBaseOption.Resolve(null, NoEnvironment));
        Assert.Null(KnowledgeBaseOption.Resolve(null, _ => "  "));
        var run = await RunAsync(NoEnvironment, "extract", "--json", "--", "--kb");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Theory]
    [InlineData("--kb needs the database", "plan", "x", "--kb")]
    [InlineData("--kb needs the database", "plan", "--kb", "--json")]
    [InlineData("--kb needs the database", "plan", "--kb=", "x")]
    [InlineData("--kb is given twice", "--kb", "postgres://a@b/c", "plan", "x", "--kb", "postgres://a@b/d")]
    [InlineData("--kb:", "plan", "x", "--kb", "mysql://nope")]
    public async Task BadKb_IsAClearError(string expected, params string[] args)
    {
        var run = await RunAsync(NoEnvironment, args);

        Assert.Contains(expected, run.AssertOneLineError(), StringComparison.Ordinal);
    }

    [Fact]
    public void BadEnvironmentValue_NamesTheVariable_AndNeverItsPassword()
    {
        var ex = Assert.Throws<CliException>(() => KnowledgeBaseOption.Resolve(null, _ => "postgres://user:s3cret@/"));

        Assert.StartsWith("COMPASS_KB:", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", ex.Message, StringComparison.Ordinal);
    }

    private static async Task<CliRun> RunAsync(Func<string, string?> environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CompassCli.RunAsync(args, TextReader.Null, stdout, stderr, environment);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }
}
