using Microsoft.Extensions.Options;

namespace Compass.Api.Tests;

/// <summary>
/// Settings the host refuses at start-up. These hosts fail while starting, and WebApplicationFactory finds a
/// minimal-API host through a process-wide diagnostic listener: started next to other hosts, a failing one can be
/// confused with theirs. So they run alone, after the parallel tests.
/// </summary>
[Collection(Name)]
public sealed class StartupValidationTests
{
    public const string Name = "start-up validation";

    [Fact]
    public void Cors_Wildcard_IsRefusedAtStartUp()
    {
        using var wildcard = ApiFactory.With(("Compass:Cors:Origins:0", "*"));

        var error = Assert.ThrowsAny<OptionsValidationException>(() => wildcard.CreateClient());

        Assert.Contains("'*' is not accepted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApiKey_TooShort_IsRefusedAtStartUp()
    {
        using var weak = ApiFactory.With(("Compass:ApiKey", "short"));

        var error = Assert.ThrowsAny<OptionsValidationException>(() => weak.CreateClient());

        Assert.Contains("Compass:ApiKey", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("http://example.com")]
    [InlineData("a.*.com")]
    public void LoadTestHosts_Wildcards_AndUrls_AreRefusedAtStartUp(string host)
    {
        using var bad = ApiFactory.With(("Compass:Limits:LoadTestHosts:0", host));

        var error = Assert.ThrowsAny<OptionsValidationException>(() => bad.CreateClient());

        Assert.Contains("Compass:Limits:LoadTestHosts", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>The collection of <see cref="StartupValidationTests"/>: never run in parallel with other tests.</summary>
[CollectionDefinition(StartupValidationTests.Name, DisableParallelization = true)]
public sealed class StartupValidationGroup
{
}
