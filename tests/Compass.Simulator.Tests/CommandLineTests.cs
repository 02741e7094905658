namespace Compass.Simulator.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Apply_ReadsTheFlagsKserveSimulatorModePasses()
    {
        var options = new CompassSimulatorOptions();
        var port = SimulatorCommandLine.Apply(options,
        [
            "--model=Qwen/Qwen2.5-7B-Instruct", "--gpu=L4", "--tensor-parallel-size=2", "--quantization=fp8", "--kv-cache-dtype=fp8",
            "--max-model-len=8192", "--max-num-seqs=64", "--max-num-batched-tokens=4096", "--port=8080",
            "--served-model-name=qwen", "--served-model-name=qwen-chat",
        ]);
        Assert.Equal(8080, port);
        Assert.Equal("Qwen/Qwen2.5-7B-Instruct", options.Model);
        Assert.Equal("L4", options.Gpu);
        Assert.Equal(2, options.TensorParallel);
        Assert.Equal("fp8", options.Quantization);
        Assert.Equal("fp8", options.KvCacheDtype);
        Assert.Equal(8192, options.MaxModelLen);
        Assert.Equal(64, options.MaxNumSeqs);
        Assert.Equal(4096, options.MaxNumBatchedTokens);
        Assert.Equal("qwen-chat", options.EffectiveModelName);
    }

    [Fact]
    public void Apply_FlagsWinOverEnvironment_AndSpaceSeparatedValuesWork()
    {
        var options = new CompassSimulatorOptions();
        var env = new Dictionary<string, string?>
        {
            ["COMPASS_SIM_MAX_NUM_SEQS"] = "32",
            ["COMPASS_SIM_STARTUP_DELAY"] = "2.5",
            ["COMPASS_SIM_FAULT_STATUS_CODES"] = "502, 504",
            ["COMPASS_SIM_RESPONSE_MODE"] = "echo",
        };
        SimulatorCommandLine.Apply(options, ["--max-num-seqs", "16", "--enable-prefix-caching"], env);
        Assert.Equal(16, options.MaxNumSeqs);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.StartupDelay);
        Assert.Equal([502, 504], options.FaultStatusCodes);
        Assert.Equal(ResponseMode.Echo, options.ResponseMode);
    }

    [Theory]
    [InlineData("--no-such-flag=1")]
    [InlineData("--max-num-seqs=many")]
    [InlineData("--max-num-seqs")]
    [InlineData("--response-mode=poetry")]
    [InlineData("stray")]
    public void Apply_BadInput_Throws(string arg)
        => Assert.Throws<FormatException>(() => SimulatorCommandLine.Apply(new CompassSimulatorOptions(), [arg]));
}
