using System.Text.Json;

namespace Compass.Cli.Tests;

public sealed class ConversationCommandsTests
{
    private static readonly string Scenarios = Path.Combine(AppContext.BaseDirectory, "data", "intent_extraction_scenarios.json");

    private static async Task<CliRun> Chat(params string[] lines)
    {
        using var stdin = new StringReader(string.Join('\n', lines) + "\n");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CompassCli.RunAsync(["chat"], stdin, stdout, stderr);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Extract_Json_HasTheDocumentedFields()
    {
        var run = await CliRun.RunAsync("extract", "code completion for 2k developers on H100s, low latency, under $8k a month", "--json");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        var root = doc.RootElement;
        Assert.Equal("code_completion", root.GetProperty("useCase").GetString());
        Assert.Equal(2000, root.GetProperty("userCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("expectedQps").ValueKind);
        Assert.Equal("high", root.GetProperty("latencyPriority").GetString());
        Assert.Equal("medium", root.GetProperty("costPriority").GetString());
        Assert.Equal("medium", root.GetProperty("accuracyPriority").GetString());
        Assert.Equal("H100", Assert.Single(root.GetProperty("preferredGpuTypes").EnumerateArray()).GetString());
        Assert.Empty(root.GetProperty("preferredModels").EnumerateArray());
        Assert.Equal(8000, root.GetProperty("maxMonthlyCostUsd").GetDouble());
        Assert.Equal("deterministic", root.GetProperty("extractor").GetString());
    }

    [Fact]
    public async Task Extract_Table_SaysWhatWasStated()
    {
        var run = await CliRun.RunAsync("extract", "chatbot for 500 users");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Matches(@"userCount\s+500\s+stated", run.Stdout);
        Assert.Matches(@"costPriority\s+medium\s+default", run.Stdout);
    }

    [Fact]
    public async Task EvalIntents_UpstreamSet_PassesAboveNinetyPercent()
    {
        var run = await CliRun.RunAsync("eval-intents", "--file", Scenarios, "--json");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal(43, doc.RootElement.GetProperty("scenarios").GetInt32());
        Assert.True(doc.RootElement.GetProperty("passRate").GetDouble() >= 0.9);
    }

    [Fact]
    public async Task EvalIntents_BelowThreshold_ExitsNonZero()
    {
        var path = Path.Combine(Path.GetTempPath(), $"compass-eval-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """
            {"scenarios": [
              {"id": "wrong-on-purpose", "description": "labelled wrongly", "user_message": "chatbot for 500 users",
               "expected": {"use_case": "translation", "user_count": {"min": 500, "max": 500}}}
            ]}
            """);
        try
        {
            var run = await CliRun.RunAsync("eval-intents", "--file", path, "--min-pass", "0.5");
            Assert.Equal(ExitCodes.Failure, run.ExitCode);
            Assert.Contains("FAIL wrong-on-purpose", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("use_case: expected", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("0/1 scenarios passed", run.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("Give the scenario file", "eval-intents")]
    [InlineData("Cannot read --file", "eval-intents", "--file", "/nonexistent/scenarios.json")]
    [InlineData("--min-pass", "eval-intents", "--file", "x.json", "--min-pass", "2")]
    [InlineData("one quoted argument", "extract")]
    [InlineData("description is empty", "extract", " ")]
    public async Task BadInput_OneLine(string expected, params string[] args)
    {
        var run = await CliRun.RunAsync(args);
        Assert.Contains(expected, run.AssertOneLineError(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalIntents_MalformedFile_SaysWhatIsWrong()
    {
        var path = Path.Combine(Path.GetTempPath(), $"compass-eval-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, "{ \"scenarios\": [ { \"id\": 3 } ] }");
        try
        {
            var line = (await CliRun.RunAsync("eval-intents", "--file", path)).AssertOneLineError();
            Assert.Contains("--file", line, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Chat_AsksThenRecommendsThenRefines()
    {
        var run = await Chat("I need a support chatbot", "about 3000", "low latency", "we only have L40S GPUs", "exit");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("How many people will use it", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("How fast must answers", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("For chatbot_conversational at 3,000 users", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Changed: GPUs: any → L40S", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_EndOfInput_EndsTheSession_AndBadInputIsAnswered()
    {
        var run = await Chat("chatbot for -5 users");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("negative number of users", run.Stdout, StringComparison.Ordinal);
    }
}

public sealed class LlmOptionTests
{
    [Fact]
    public async Task UnreachableLlm_FallsBackToTheDeterministicExtractor_AndSaysSo()
    {
        var run = await CliRun.RunAsync("extract", "chatbot for 500 users", "--llm", "http://127.0.0.1:9", "--json");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(run.Stdout);
        Assert.Equal("deterministic", doc.RootElement.GetProperty("extractor").GetString());
        Assert.Equal(500, doc.RootElement.GetProperty("userCount").GetInt32());
        Assert.Contains(doc.RootElement.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("could not be reached", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("must be the URL of an Ollama server", "extract", "x", "--llm", "ftp://host")]
    [InlineData("only applies with --llm", "plan", "chatbot for 5 users", "--llm-model", "qwen2.5:7b")]
    [InlineData("has no option --llm", "estimate", "--model", "llama-3.1-8b", "--gpu", "H100", "--llm", "http://localhost:11434")]
    public async Task BadLlmOptions_OneLine(string expected, params string[] args)
    {
        var run = await CliRun.RunAsync(args);
        Assert.Contains(expected, run.AssertOneLineError(), StringComparison.Ordinal);
    }
}
