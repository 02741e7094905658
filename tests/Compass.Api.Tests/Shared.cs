namespace Compass.Api.Tests;

/// <summary>One API host shared by the tests that need no special configuration.</summary>
[CollectionDefinition(Name)]
public sealed class DefaultApi : ICollectionFixture<ApiFactory>
{
    public const string Name = "default API";
}
