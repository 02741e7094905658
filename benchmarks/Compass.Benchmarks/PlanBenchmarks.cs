using BenchmarkDotNet.Attributes;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning;
using Compass.Planning.Capacity;
using Compass.Planning.Intent;
using Compass.Planning.Performance;
using Compass.Planning.Specification;

namespace Compass.Benchmarks;

/// <summary>
/// A full plan over the whole embedded catalog (every model × format × KV-cache format × GPU × TP), from an
/// already-loaded catalog: extraction, specification, memory, replica search (benchmarks where they exist, the physics
/// engine elsewhere), cost and ranking; and the same with the continuous-batching simulation verifying every
/// physics-estimated option before it is shown.
/// </summary>
[MemoryDiagnoser]
public class PlanBenchmarks
{
    private KnowledgeCatalog _catalog = null!;
    private CapacityPlanner _planner = null!;
    private CapacityPlanner _verifying = null!;
    private DeterministicIntentExtractor _extractor = null!;
    private PlanRequest _chatbot = null!;
    private PlanRequest _rag = null!;

    [GlobalSetup]
    public void Setup()
    {
        _catalog = EmbeddedKnowledgeBase.Catalog;
        var performance = new TieredPerformanceModel(new BenchmarkPerformanceModel(_catalog), new PhysicsPerformanceModel(_catalog));
        _planner = new CapacityPlanner(_catalog, performance);
        _verifying = new CapacityPlanner(_catalog, performance, new SimulationVerifier(_catalog));
        _extractor = new DeterministicIntentExtractor(_catalog);
        _chatbot = SpecificationBuilder.Build(
            new DeploymentIntent { UseCase = UseCase.ChatbotConversational, UserCount = 5000, LatencyPriority = Priority.High }, _catalog);
        _rag = SpecificationBuilder.Build(new DeploymentIntent { UseCase = UseCase.DocumentAnalysisRag, UserCount = 20_000 }, _catalog);
    }

    /// <summary>The README's example, end to end from text.</summary>
    [Benchmark(Baseline = true)]
    public Plan PlanFromText()
    {
        var extraction = _extractor.ExtractAsync("customer service chatbot for 5000 users, low latency").GetAwaiter().GetResult();
        return _planner.Plan(SpecificationBuilder.Build(extraction.Intent, _catalog));
    }

    /// <summary>The planner alone on the same request.</summary>
    [Benchmark]
    public Plan PlanChatbot() => _planner.Plan(_chatbot);

    /// <summary>A heavier workload: long prompts, many users.</summary>
    [Benchmark]
    public Plan PlanRag() => _planner.Plan(_rag);

    /// <summary>The chatbot plan with every shown physics estimate verified by simulation (what <c>compass plan</c> does).</summary>
    [Benchmark]
    public Plan PlanChatbotVerified() => _verifying.Plan(_chatbot);

    /// <summary>The RAG plan with simulation verification.</summary>
    [Benchmark]
    public Plan PlanRagVerified() => _verifying.Plan(_rag);
}
