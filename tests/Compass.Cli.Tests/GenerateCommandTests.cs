using Compass.Kserve.Validation;

namespace Compass.Cli.Tests;

public sealed class GenerateCommandTests : IDisposable
{
    private const string Description = "customer service chatbot for 5000 users, low latency";
    private readonly string _root = Directory.CreateTempSubdirectory("compass-generate-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Generate_FromSavedPlanJson_WritesValidManifests()
    {
        var planFile = await SavePlanAsync();
        var output = Path.Combine(_root, "manifests");

        var run = await CliRun.RunAsync("generate", "--plan", planFile, "--out", output, "--namespace", "llm");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.Contains("validated", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("kubectl apply -k", run.Stdout, StringComparison.Ordinal);
        var files = Directory.GetFiles(output, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(7, files.Length);
        Assert.Contains("kustomization.yaml", files);
        Assert.Contains("## VllmTtftSloCritical", await File.ReadAllTextAsync(Path.Combine(output, "runbook.md")), StringComparison.Ordinal);
        var validator = new ManifestValidator();
        foreach (var file in Directory.GetFiles(output, "0*.yaml"))
        {
            var result = validator.Validate(await File.ReadAllTextAsync(file), file);
            Assert.True(result.IsValid, result.ToString());
            Assert.Contains("namespace: llm", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Generate_WithoutOut_PrintsTheYaml_ForTheChosenRank()
    {
        var planFile = await SavePlanAsync("--top", "2");
        var second = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(planFile))!["recommendations"]![1]!["rank"]!.GetValue<int>();

        var run = await CliRun.RunAsync("generate", "--plan", planFile, "--rank", second.ToString(System.Globalization.CultureInfo.InvariantCulture), "--simulator");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("kind: InferenceService", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("ghcr.io/compass/simulator", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("nvidia.com/gpu:", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_WithOut_WritesManifestsForTheFirstRecommendation()
    {
        var output = Path.Combine(_root, "from-plan");

        var run = await CliRun.RunAsync("plan", Description, "--out", output, "--top", "1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Manifests for #1", run.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "01-inferenceservice.yaml")));
    }

    [Fact]
    public async Task Generate_BadPlanFile_IsOneLineError()
    {
        var bad = Path.Combine(_root, "bad.json");
        await File.WriteAllTextAsync(bad, "{\"hello\": 1}");

        var line = (await CliRun.RunAsync("generate", "--plan", bad)).AssertOneLineError();

        Assert.Contains("schemaVersion", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_MissingPlanFile_IsOneLineError()
    {
        var line = (await CliRun.RunAsync("generate", "--plan", Path.Combine(_root, "nope.json"))).AssertOneLineError();

        Assert.Contains("Cannot read --plan", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_UnknownRank_IsOneLineError()
    {
        var planFile = await SavePlanAsync("--top", "1");

        var line = (await CliRun.RunAsync("generate", "--plan", planFile, "--rank", "7")).AssertOneLineError();

        Assert.Contains("--rank 7", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_IntoAFolderCompassDidNotWrite_IsRefused_EvenWithForce()
    {
        var planFile = await SavePlanAsync();
        var output = Path.Combine(_root, "mine");
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "keep.txt"), "mine");

        foreach (var force in new[] { false, true })
        {
            var args = new List<string> { "generate", "--plan", planFile, "--out", output };
            if (force)
            {
                args.Add("--force");
            }

            var line = (await CliRun.RunAsync([.. args])).AssertOneLineError();
            Assert.Contains("keep.txt", line, StringComparison.Ordinal);
            Assert.Contains("Compass did not write", line, StringComparison.Ordinal);
        }

        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName));
        Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(output, "keep.txt")));
    }

    [Fact]
    public async Task Generate_AlertTimingAndRunbookUrl_ReachEveryAlert_TheDashboardAndTheRunbook()
    {
        var planFile = await SavePlanAsync();
        var output = Path.Combine(_root, "timed");

        var run = await CliRun.RunAsync("generate", "--plan", planFile, "--out", output, "--alert-for", "1m30s", "--alert-window", "2m", "--runbook-url", "https://wiki.example.com/llm/runbook");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var rules = await File.ReadAllTextAsync(Path.Combine(output, "05-prometheusrule.yaml"));
        var alerts = System.Text.RegularExpressions.Regex.Count(rules, "- alert: ");
        Assert.True(alerts >= 10, rules);
        Assert.Equal(alerts, System.Text.RegularExpressions.Regex.Count(rules, "for: \"1m30s\""));
        Assert.Equal(alerts, System.Text.RegularExpressions.Regex.Count(rules, "runbook_url: \"https://wiki.example.com/llm/runbook#vllm"));
        Assert.Contains("[2m]", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("[5m]", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("[5m]", await File.ReadAllTextAsync(Path.Combine(output, "06-dashboard-configmap.yaml")), StringComparison.Ordinal);
        Assert.Contains("1m30s", await File.ReadAllTextAsync(Path.Combine(output, "runbook.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_WithoutAlertOptions_KeepsTheProductionDefaults()
    {
        var run = await CliRun.RunAsync("generate", "--plan", await SavePlanAsync());

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("for: \"5m\"", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("runbook_url: \"runbook.md#vllm", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--namespace", "Bad NS", "namespace")]
    [InlineData("--name", "x: {y}", "name")]
    [InlineData("--image", "vllm/vllm-openai:latest", "pinned")]
    [InlineData("--alert-for", "3", "has no unit; write it as Prometheus does, e.g. 3s")]
    [InlineData("--alert-for", "0s", "from 1s to 7d")]
    [InlineData("--alert-for", "8d", "from 1s to 7d")]
    [InlineData("--alert-for", "5 minutes", "is not a duration")]
    [InlineData("--alert-for", "5m3h", "is not a duration")]
    [InlineData("--alert-window", "1s", "from 2s to 7d")]
    [InlineData("--alert-window", "1.5m", "is not a duration")]
    [InlineData("--runbook-url", "runbook.md", "absolute http(s) URL")]
    [InlineData("--runbook-url", "ftp://wiki.example.com/runbook", "absolute http(s) URL")]
    [InlineData("--runbook-url", "https://wiki.example.com/runbook#top", "#fragment")]
    public async Task Generate_BadOptions_AreOneLineErrors(string option, string value, string expected)
    {
        var planFile = await SavePlanAsync();

        var line = (await CliRun.RunAsync("generate", "--plan", planFile, option, value)).AssertOneLineError();

        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    private async Task<string> SavePlanAsync(params string[] extra)
    {
        var run = await CliRun.RunAsync(["plan", Description, "--json", .. extra]);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var path = Path.Combine(_root, $"plan-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, run.Stdout);
        return path;
    }
}
