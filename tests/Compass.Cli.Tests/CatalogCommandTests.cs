using System.Text.Json;

namespace Compass.Cli.Tests;

public sealed class CatalogCommandTests
{
    [Theory]
    [InlineData("gpus", "H100", "nvidia.com/gpu.product=NVIDIA-H100-80GB-HBM3")]
    [InlineData("models", "meta-llama/Llama-3.1-70B-Instruct", "70.6B")]
    [InlineData("use-cases", "research_legal_analysis", "code_completion")]
    public async Task Catalog_ListsTheKnowledgeBase(string what, string first, string second)
    {
        var run = await CliRun.RunAsync("catalog", what);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains(first, run.Stdout, StringComparison.Ordinal);
        Assert.Contains(second, run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gpus", 9)]
    [InlineData("use-cases", 9)]
    public async Task Catalog_Json_IsAnArrayOfEveryEntry(string what, int count)
    {
        var run = await CliRun.RunAsync("catalog", what, "--json");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal(count, doc.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Catalog_UnknownList_SaysWhatExists()
    {
        var run = await CliRun.RunAsync("catalog", "gpu-types");
        var line = run.AssertOneLineError();
        Assert.Contains("gpus", line, StringComparison.Ordinal);
    }
}
