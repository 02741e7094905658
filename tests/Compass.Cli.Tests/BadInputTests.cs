namespace Compass.Cli.Tests;

public sealed class BadInputTests
{
    [Theory]
    [InlineData("Did you mean H100?", "plan", "chatbot for 500 users", "--gpu", "H10")]
    [InlineData("--users must be between 1", "plan", "chatbot", "--users", "-5")]
    [InlineData("negative number of users", "plan", "chatbot for -5 users")]
    [InlineData("description is empty", "plan", "  ")]
    [InlineData("E2E includes TTFT", "plan", "chatbot for 500 users", "--ttft", "5000", "--e2e", "1000")]
    [InlineData("only applies to cloud deployments", "plan", "chatbot for 500 users", "--provider", "aws", "--deployment", "owned")]
    [InlineData("Did you mean --top?", "plan", "chatbot for 500 users", "--tpo", "3")]
    [InlineData("--top is given twice", "plan", "chatbot for 500 users", "--top", "1", "--top", "2")]
    [InlineData("--users needs a value", "plan", "chatbot", "--users")]
    [InlineData("--users must be a whole number", "plan", "chatbot", "--users", "lots")]
    [InlineData("one quoted argument", "plan", "chatbot", "for", "users")]
    [InlineData("Unknown model 'llama-70'", "plan", "chatbot for 500 users", "--model", "llama-70")]
    [InlineData("Unknown use case", "plan", "--use-case", "chat-bott", "--users", "10")]
    [InlineData("--pricing", "plan", "chatbot for 500 users", "--pricing", "cheap")]
    [InlineData("--prompt-tokens", "plan", "chatbot for 500 users", "--prompt-tokens", "normal:abc")]
    [InlineData("--quant", "plan", "chatbot for 500 users", "--quant", "int3")]
    [InlineData("Give --use-case", "plan", "--users", "10")]
    [InlineData("Cannot read --model-config", "plan", "chatbot", "--model-config", "/nonexistent/config.json")]
    [InlineData("Unknown command 'pln'", "pln", "chatbot")]
    [InlineData("Say what to list", "catalog")]
    [InlineData("--json takes no value", "catalog", "gpus", "--json=yes")]
    public async Task BadInput_GetsOneLineErrorAndNonZeroExit(string expected, params string[] args)
    {
        var run = await CliRun.RunAsync(args);
        var line = run.AssertOneLineError();
        Assert.Contains(expected, line, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public async Task ModelConfig_NotAConfig_SaysWhatIsWrong()
    {
        var path = Path.Combine(Path.GetTempPath(), $"compass-cli-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, "{ \"hidden_size\": 4096 ");
        try
        {
            var run = await CliRun.RunAsync("plan", "chatbot for 200 users", "--model-config", path);
            var line = run.AssertOneLineError();
            Assert.Contains("--model-config", line, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task NoArguments_PrintsUsage_AndExitsWithUsageCode()
    {
        var run = await CliRun.RunAsync();
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("compass <command>", run.Stdout, StringComparison.Ordinal);
    }
}
