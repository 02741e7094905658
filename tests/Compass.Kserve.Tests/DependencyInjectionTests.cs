using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Kserve.Manifests;
using Compass.Kserve.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compass.Kserve.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task AddCompassKserve_RegistersTheManifestService_WithConfiguredDefaults()
    {
        using var services = new ServiceCollection().AddCompassKserve(o => o.Manifests = new ManifestOptions { Namespace = "llm" }).BuildServiceProvider();

        var set = await services.GetRequiredService<ManifestService>().GenerateAsync(TestPlans.Load(TestPlans.Chatbot));

        Assert.Equal("llm", set.Settings.Namespace);
        Assert.NotNull(services.GetRequiredService<ManifestWriter>());
        Assert.NotNull(services.GetRequiredService<ManifestValidator>());
    }

    [Fact]
    public async Task Resolving_NeverWaitsForTheKnowledgeBase_GeneratingDoes()
    {
        var slow = new SlowKnowledgeBase();
        using var services = new ServiceCollection().AddSingleton<IKnowledgeBase>(slow).AddCompassKserve().BuildServiceProvider();

        var resolve = Task.Run(() => services.GetRequiredService<ManifestService>());
        var service = await resolve.WaitAsync(TimeSpan.FromSeconds(30));
        var generating = service.GenerateAsync(TestPlans.Load(TestPlans.Chatbot));
        Assert.False(generating.IsCompleted);
        slow.Release();
        var set = await generating;

        Assert.NotEmpty(set.Documents);
    }

    [Fact]
    public void AddCompassKserve_InvalidOptions_FailValidation()
    {
        using var services = new ServiceCollection().AddCompassKserve(o => o.Manifests = new ManifestOptions { Namespace = "Not Valid" }).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<KserveOptions>>().Value);
        Assert.Contains("namespace", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A knowledge base whose catalog arrives only when released, as a database's does after a round trip.</summary>
    private sealed class SlowKnowledgeBase : IKnowledgeBase
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.SetResult();

        public async ValueTask<IReadOnlyList<ModelSpec>> GetModelsAsync(CancellationToken cancellationToken = default) => (await GetCatalogAsync(cancellationToken)).Models;

        public async ValueTask<IReadOnlyList<GpuSpec>> GetGpusAsync(CancellationToken cancellationToken = default) => (await GetCatalogAsync(cancellationToken)).Gpus;

        public async ValueTask<IReadOnlyList<UseCaseTemplate>> GetUseCasesAsync(CancellationToken cancellationToken = default) => (await GetCatalogAsync(cancellationToken)).UseCases;

        public async ValueTask<IReadOnlyList<BenchmarkPoint>> GetBenchmarksAsync(CancellationToken cancellationToken = default) => (await GetCatalogAsync(cancellationToken)).Benchmarks;

        public async ValueTask<KnowledgeCatalog> GetCatalogAsync(CancellationToken cancellationToken = default)
        {
            await _released.Task.WaitAsync(cancellationToken);
            return EmbeddedKnowledgeBase.Catalog;
        }
    }
}
