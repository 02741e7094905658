using Compass.Planning.Simulation;
using static Compass.Planning.Tests.Simulation.SimulationFixtures;

namespace Compass.Planning.Tests.Simulation;

public sealed class RouterTests
{
    [Fact]
    public void RoundRobin_TakesReplicasInTurn()
    {
        var trace = Trace((0, 10, 1), (10, 10, 1), (20, 10, 1), (30, 10, 1), (40, 10, 1));
        var result = ServingSimulator.Run(trace, Options(Profile(), replicas: 2));

        Assert.Equal([0, 1, 0, 1, 0], result.Requests.Select(r => r.Replica));
    }

    [Fact]
    public void LeastLoaded_SendsToTheReplicaWithFewestOutstandingRequests()
    {
        // A is long; B finishes in one step; C then finds replica 1 empty and replica 0 still busy with A.
        var trace = Trace((0, 100, 1000), (10, 10, 1), (100, 10, 1));

        var leastLoaded = ServingSimulator.Run(trace, Options(Profile(), replicas: 2, router: RouterPolicy.LeastLoaded));
        var roundRobin = ServingSimulator.Run(trace, Options(Profile(), replicas: 2, router: RouterPolicy.RoundRobin));

        Assert.Equal([0, 1, 1], leastLoaded.Requests.Select(r => r.Replica));
        Assert.Equal([0, 1, 0], roundRobin.Requests.Select(r => r.Replica));
        Assert.True(leastLoaded.Requests[2].E2eMs < roundRobin.Requests[2].E2eMs);
    }

    [Fact]
    public void Replicas_ShareOneClock_AndSplitTheLoad()
    {
        var spec = Chatbot(rate: 40, requests: 2000);
        var one = ServingSimulator.Run(spec, 7, Options(Profile()));
        var four = ServingSimulator.Run(spec, 7, Options(Profile(), replicas: 4, router: RouterPolicy.LeastLoaded));

        Assert.Equal(4, four.Replicas);
        Assert.Equal(2000, four.Completed);
        Assert.All(Enumerable.Range(0, 4), i => Assert.InRange(four.Requests.Count(r => r.Replica == i), 350, 650));
        Assert.True(four.E2e.Mean < one.E2e.Mean);
        Assert.True(four.SimulatedMs <= one.SimulatedMs);
    }
}
