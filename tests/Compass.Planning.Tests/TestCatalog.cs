using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Performance;
using Compass.Planning.Specification;

namespace Compass.Planning.Tests;

/// <summary>Shared access to the shipped catalog and helpers to build requests in tests.</summary>
internal static class TestCatalog
{
    private static readonly Lazy<BenchmarkPerformanceModel> Model = new(() => new BenchmarkPerformanceModel(Catalog));

    public static KnowledgeCatalog Catalog => EmbeddedKnowledgeBase.Catalog;

    public static BenchmarkPerformanceModel Benchmarks => Model.Value;

    public static ModelSpec ModelSpec(string name) => Catalog.ResolveModel(name).Spec;

    public static GpuSpec Gpu(string name) => Catalog.ResolveGpus(name).Single();

    public static PlanRequest Request(UseCase useCase, int? users = null, double? qps = null, PlanOverrides? overrides = null, Priority latency = Priority.Medium)
        => SpecificationBuilder.Build(
            new DeploymentIntent { UseCase = useCase, UserCount = users, ExpectedQps = qps, LatencyPriority = latency }, Catalog, overrides);

    public static Plan Plan(PlanRequest request) => new CapacityPlanner(Catalog, Benchmarks).Plan(request);
}
