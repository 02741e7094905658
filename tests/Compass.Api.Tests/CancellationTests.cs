using Compass.Core;
using Compass.Core.Knowledge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Compass.Api.Tests;

/// <summary>Closing the connection cancels the work: the planner's knowledge-base read sees the request's token fire.</summary>
public sealed class CancellationTests
{
    [Fact]
    public async Task Plan_ClientGoesAway_CancelsPlanning()
    {
        var knowledgeBase = new StallingKnowledgeBase(stallOnCall: 3);
        await using var api = new ApiFactory { TestServices = s => s.Replace(ServiceDescriptor.Singleton<IKnowledgeBase>(knowledgeBase)) };
        using var client = api.CreateClient();
        using var cts = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/plan") { Content = ApiFactory.JsonBody("""{ "description": "chatbot for 300 users" }""") };
        request.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        string? line;
        while ((line = await reader.ReadLineAsync(cts.Token)) is not null && !line.Contains("\"planning\"", StringComparison.Ordinal))
        {
        }

        await knowledgeBase.Stalled.Task;
        await cts.CancelAsync();
        reader.Dispose();
        response.Dispose();

        // A hang guard, not a timing assertion: the stalled read completes only when the request's token is cancelled.
        Assert.True(await knowledgeBase.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    private sealed class StallingKnowledgeBase(int stallOnCall) : IKnowledgeBase
    {
        private int _calls;

        public ValueTask<IReadOnlyList<ModelSpec>> GetModelsAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<IReadOnlyList<ModelSpec>>(EmbeddedKnowledgeBase.Catalog.Models);

        public ValueTask<IReadOnlyList<GpuSpec>> GetGpusAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<IReadOnlyList<GpuSpec>>(EmbeddedKnowledgeBase.Catalog.Gpus);

        public ValueTask<IReadOnlyList<UseCaseTemplate>> GetUseCasesAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<IReadOnlyList<UseCaseTemplate>>(EmbeddedKnowledgeBase.Catalog.UseCases);

        public ValueTask<IReadOnlyList<BenchmarkPoint>> GetBenchmarksAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<IReadOnlyList<BenchmarkPoint>>(EmbeddedKnowledgeBase.Catalog.Benchmarks);

        public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<bool> Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<KnowledgeCatalog> GetCatalogAsync(CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _calls) != stallOnCall)
            {
                return EmbeddedKnowledgeBase.Catalog;
            }

            Stalled.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled.TrySetResult(true);
                throw;
            }

            return EmbeddedKnowledgeBase.Catalog;
        }
    }
}
