using System.Text.Json;

namespace Compass.Cli.Tests;

public sealed class EstimateCommandTests
{
    [Fact]
    public async Task Estimate_Json_HasTheDocumentedKeys()
    {
        var run = await CliRun.RunAsync("estimate", "--model", "llama-3.1-8b", "--gpu", "H100", "--batch", "32", "--context", "2048", "--prompt", "1024", "--json");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("prefillMs").GetDouble() > 0);
        var decode = root.GetProperty("decodeStepMs").GetDouble();
        Assert.True(decode > 0);
        Assert.True(root.GetProperty("kvCacheTokens").GetInt64() > 100_000);
        Assert.InRange(root.GetProperty("maxBatch").GetInt32(), 32, 256);
        foreach (var phase in new[] { "prefill", "decode" })
        {
            var b = root.GetProperty("breakdown").GetProperty(phase);
            Assert.True(b.GetProperty("overheadMs").GetDouble() > 0);
            Assert.Equal(b.GetProperty("totalMs").GetDouble(), b.GetProperty("gpuMs").GetDouble() + b.GetProperty("overheadMs").GetDouble(), 6);
        }

        Assert.Equal(decode, root.GetProperty("breakdown").GetProperty("decode").GetProperty("totalMs").GetDouble(), 9);
    }

    [Theory]
    [InlineData("--kv-cache-dtype", "fp8")]
    [InlineData("--kv-cache-dtype", "fp8_e5m2")]
    [InlineData("--kv-cache", "fp8")]
    public async Task Estimate_Fp8KvCache_HoldsTwiceTheTokens_UnderEitherSpelling(string option, string value)
    {
        static async Task<JsonElement> Estimate(params string[] extra)
        {
            var run = await CliRun.RunAsync(["estimate", "--model", "llama-3.1-8b", "--gpu", "H100", "--json", .. extra]);
            Assert.Equal(ExitCodes.Success, run.ExitCode);
            return JsonDocument.Parse(run.Stdout).RootElement.Clone();
        }

        var auto = await Estimate("--kv-cache-dtype", "auto");
        var fp8 = await Estimate(option, value);
        Assert.Equal(1, fp8.GetProperty("kvCacheBytesPerElement").GetDouble());
        Assert.InRange((double)fp8.GetProperty("kvCacheTokens").GetInt64() / auto.GetProperty("kvCacheTokens").GetInt64(), 1.98, 2.02);
    }

    [Theory]
    [InlineData("'int8' is not a KV-cache dtype", "--kv-cache-dtype", "int8")]
    [InlineData("not both", "--kv-cache-dtype", "fp8", "--kv-cache", "fp8")]
    public async Task Estimate_KvCacheDtype_BadInput_OneLineError(string expected, params string[] extra)
    {
        var run = await CliRun.RunAsync(["estimate", "--model", "llama-3.1-8b", "--gpu", "H100", .. extra]);
        Assert.Contains(expected, run.AssertOneLineError(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Estimate_Table_ExplainsTheTimes()
    {
        var run = await CliRun.RunAsync("estimate", "--model", "qwen2.5-72b", "--gpu", "H100", "--tp", "4", "--batch", "8");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var text in new[] { "prefill 8×1024", "decode step 8 seq", "TP comm ms", "Overhead ms", "KV cache", "Evidence", "gpu work: measured" })
        {
            Assert.Contains(text, run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Estimate_BiggerBatch_NeverFaster()
    {
        static async Task<double> Decode(int batch)
        {
            var run = await CliRun.RunAsync("estimate", "--model", "llama-3.1-8b", "--gpu", "L40S", "--batch", batch.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
            using var doc = JsonDocument.Parse(run.Stdout);
            return doc.RootElement.GetProperty("decodeStepMs").GetDouble();
        }

        Assert.True(await Decode(64) >= await Decode(8));
    }

    [Theory]
    [InlineData(ExitCodes.Usage, "Give --model", "estimate", "--gpu", "H100")]
    [InlineData(ExitCodes.Usage, "names 2 GPUs", "estimate", "--model", "llama-3.1-8b", "--gpu", "A100")]
    [InlineData(ExitCodes.Usage, "not available as fp8", "estimate", "--model", "llama-3.1-70b", "--gpu", "H100", "--quant", "fp8")]
    [InlineData(ExitCodes.Usage, "does not divide", "estimate", "--model", "qwen2.5-7b", "--gpu", "H100", "--tp", "8")]
    [InlineData(ExitCodes.Usage, "context window", "estimate", "--model", "llama-3.1-8b", "--gpu", "H100", "--context", "9000000")]
    [InlineData(ExitCodes.Usage, "--batch must be between", "estimate", "--model", "llama-3.1-8b", "--gpu", "H100", "--batch", "0")]
    [InlineData(ExitCodes.NoFeasiblePlan, "does not fit", "estimate", "--model", "llama-3.1-70b", "--gpu", "L4")]
    public async Task Estimate_BadInput_OneLine(int exitCode, string expected, params string[] args)
    {
        var run = await CliRun.RunAsync(args);
        Assert.Contains(expected, run.AssertOneLineError(exitCode), StringComparison.Ordinal);
    }
}
