using System.Text;
using Compass.Simulator.Protocol;
using Compass.Simulator.Text;
using Xunit.Abstractions;

namespace Compass.Simulator.Tests;

/// <summary>Nothing is allocated per request in proportion to max_tokens before its tokens are produced.</summary>
public sealed class AllocationTests(ITestOutputHelper output)
{
    // A request may ask for up to the whole context; 131,072 is Llama 3.1's.
    private const int HugeMaxTokens = 131_000;
    private const int SmallMaxTokens = 16;

    [Theory]
    [InlineData(ResponseMode.Lorem, true, null)]
    [InlineData(ResponseMode.Echo, true, null)]
    [InlineData(ResponseMode.Canned, true, null)]
    [InlineData(ResponseMode.Lorem, false, null)]
    [InlineData(ResponseMode.Lorem, true, "no such text")]
    [InlineData(ResponseMode.Echo, true, "zz")]
    public void ParseAndPlan_AllocateTheSameForAHugeAndASmallMaxTokens(ResponseMode mode, bool ignoreEos, string? stop)
    {
        var generator = new ResponseGenerator(mode, "chatbot_conversational", 1, null);
        // Warm up: JIT and the generator's per-length cache.
        PlanRequest(generator, SmallMaxTokens, ignoreEos, stop);
        PlanRequest(generator, HugeMaxTokens, ignoreEos, stop);

        var small = Measure(() => PlanRequest(generator, SmallMaxTokens, ignoreEos, stop));
        var huge = Measure(() => PlanRequest(generator, HugeMaxTokens, ignoreEos, stop));
        output.WriteLine($"{mode} ignore_eos={ignoreEos} stop={stop}: {small} B for max_tokens {SmallMaxTokens}, {huge} B for {HugeMaxTokens}");

        // A list of one reference per token would be 8 B x 131,000 ≈ 1 MB; allow a few KB of noise.
        Assert.True(huge - small < 8 * 1024, $"max_tokens {HugeMaxTokens} allocated {huge} B, max_tokens {SmallMaxTokens} {small} B");
    }

    [Fact]
    public void HugePlan_StillStreamsEveryTokenOfTheAnswer()
    {
        var generator = new ResponseGenerator(ResponseMode.Echo, "chatbot_conversational", 1, null);
        var planned = generator.Plan("one two three", 100_000, ignoreEos: true, []);
        Assert.Equal(100_000, planned.Tokens.Count);
        Assert.Equal("length", planned.FinishReason);
        var unit = ApproximateTokenizer.Split("one two three");
        Assert.Equal(unit[99_999 % unit.Count], planned.Tokens[99_999]);
        Assert.Equal(string.Concat(planned.Tokens), planned.Text);
    }

    private static int PlanRequest(ResponseGenerator generator, int maxTokens, bool ignoreEos, string? stop)
    {
        var stopField = stop is null ? string.Empty : $",\"stop\":\"{stop}\"";
        var body = Encoding.UTF8.GetBytes($"{{\"prompt\":\"what is the capital of France?\",\"max_tokens\":{maxTokens},\"ignore_eos\":{(ignoreEos ? "true" : "false")}{stopField}}}");
        var request = CompletionRequestParser.Parse(body, chat: false);
        var planned = generator.Plan(request.EchoText, request.MaxTokens!.Value, request.IgnoreEos, request.Stop);
        return planned.Tokens.Count;
    }

    private static long Measure(Func<int> action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        GC.KeepAlive(action());
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
