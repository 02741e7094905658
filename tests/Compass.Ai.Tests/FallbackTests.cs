using System.Diagnostics;
using Compass.Ai.Tests.Server;
using Compass.Ai.Tests.Support;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Intent;
using Compass.Planning.Service;
using Microsoft.Extensions.DependencyInjection;

namespace Compass.Ai.Tests;

/// <summary>Server errors, an unreachable server, timeouts and cancellation: the job never fails, only the caller can cancel it.</summary>
public sealed class FallbackTests(FakeOllamaServer server) : IClassFixture<FakeOllamaServer>
{
    private const string Text = "code completion for 200 developers, latency is critical";

    private static readonly string Valid = new IntentAnswer { UseCase = "code_completion", UserCount = 200, Latency = ("high", true) }.ToJson();

    [Theory]
    [InlineData(500, "HTTP 500 (InternalServerError)")]
    [InlineData(503, "HTTP 503 (ServiceUnavailable)")]
    [InlineData(404, "HTTP 404 (NotFound)")]
    public async Task HttpError_FallsBackWithANote(int status, string expected)
    {
        server.Reply(ScriptedReply.Error(status, "model \"test-model\" not found, try pulling it first"));

        var result = await Extractors.ExtractAsync(server, Text);

        AssertFellBack(result, expected);
    }

    [Fact]
    public async Task UnreachableServer_FallsBackWithANote()
    {
        await using var services = Extractors.Services(UnusedPort.Uri());

        var result = await services.GetRequiredService<IIntentExtractor>().ExtractAsync(Text);

        AssertFellBack(result, "the server could not be reached");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SlowServer_TimesOutAndFallsBack(bool streaming)
    {
        server.Reply(ScriptedReply.Delayed(TimeSpan.FromSeconds(20), ScriptedReply.Answer(Valid)));
        var clock = Stopwatch.StartNew();

        var result = await Extractors.ExtractAsync(server, Text, o => { o.Timeout = TimeSpan.FromMilliseconds(400); o.UseStreaming = streaming; });

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        AssertFellBack(result, "it did not answer within 0.4 s");
    }

    [Fact]
    public async Task StreamThatStalls_TimesOutAndFallsBack()
    {
        server.Reply(ScriptedReply.Stall("{\"useCase\":"));
        var clock = Stopwatch.StartNew();

        var result = await Extractors.ExtractAsync(server, Text, o => { o.Timeout = TimeSpan.FromMilliseconds(400); o.UseStreaming = true; });

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        AssertFellBack(result, "it did not answer within 0.4 s");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CallerCancellation_PropagatesAsOperationCanceled(bool streaming)
    {
        server.Reply(ScriptedReply.Delayed(TimeSpan.FromSeconds(20), ScriptedReply.Answer(Valid)));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Extractors.ExtractAsync(server, Text, o => o.UseStreaming = streaming, cancellationToken: cts.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task CallerCancellationDuringAStalledStream_Propagates()
    {
        server.Reply(ScriptedReply.Stall("{\"useCase\":"));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Extractors.ExtractAsync(server, Text, o => o.UseStreaming = true, cancellationToken: cts.Token));
    }

    [Fact]
    public async Task AlreadyCancelled_ThrowsWithoutCallingTheServer()
    {
        server.Reply(ScriptedReply.Answer(Valid));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Extractors.ExtractAsync(server, Text, cancellationToken: cts.Token));

        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task EmptyText_IsRejectedLikeTheDeterministicExtractor(string text)
    {
        server.Reply(ScriptedReply.Answer(Valid));

        await Assert.ThrowsAsync<ArgumentException>(() => Extractors.ExtractAsync(server, text));

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task PlanningService_StillPlansWhenOllamaIsDown()
    {
        await using var services = new ServiceCollection().AddCompassPlanning(o => o.VerifyBySimulation = false)
            .AddCompassOllama(UnusedPort.Uri(), Extractors.Model).BuildServiceProvider();

        var outcome = await services.GetRequiredService<PlanningService>().PlanAsync(Text);

        Assert.Equal("deterministic", outcome.Extraction!.Extractor);
        Assert.Contains("could not be reached", outcome.Extraction.Notes[0], StringComparison.Ordinal);
        Assert.NotEmpty(outcome.Plan.Recommendations);
    }

    private static void AssertFellBack(IntentExtraction result, string reason)
    {
        Assert.Equal(DeterministicIntentExtractor.Name, result.Extractor);
        Assert.StartsWith("The LLM extractor (llm:test-model) was not used: ", result.Notes[0], StringComparison.Ordinal);
        Assert.Contains(reason, result.Notes[0], StringComparison.Ordinal);
        Assert.EndsWith("The rule-based (deterministic) extractor read the text instead.", result.Notes[0], StringComparison.Ordinal);

        // The fallback is exactly the deterministic reading, plus the note.
        var rules = new DeterministicIntentExtractor(EmbeddedKnowledgeBase.Catalog).Extract(Text, []);
        Assert.Equal(rules.Intent, result.Intent);
        Assert.Equal(rules.StatedFields.ToArray(), result.StatedFields.ToArray());
        Assert.Equal(rules.Notes.ToArray(), result.Notes.Skip(1).ToArray());
        Assert.Equal(UseCase.CodeCompletion, result.Intent.UseCase);
    }
}
