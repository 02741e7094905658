using System.Text.Json.Nodes;
using Compass.Kserve.Validation;

namespace Compass.Kserve.Tests.Validation;

public sealed class StructuralSchemaValidatorTests
{
    private static readonly StructuralSchemaValidator Validator = new();

    private static JsonObject Schema(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void PreserveUnknownFields_AllowsUnknownFields()
    {
        var schema = Schema("""{"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{"a":{"type":"string"}}}""");

        Assert.Empty(Validator.Validate(JsonNode.Parse("""{"a":"x","b":1}"""), schema));
    }

    [Fact]
    public void AdditionalProperties_ValidatesEveryValue()
    {
        var schema = Schema("""{"type":"object","additionalProperties":{"type":"string"}}""");

        var error = Assert.Single(Validator.Validate(JsonNode.Parse("""{"a":"x","b.c/d":1}"""), schema));
        Assert.Equal("$['b.c/d']", error.Path);
    }

    [Fact]
    public void Nullable_AllowsNull_OtherwiseNullIsAnError()
    {
        Assert.Empty(Validator.Validate(JsonNode.Parse("""{"a":null}"""), Schema("""{"type":"object","properties":{"a":{"type":"string","nullable":true}}}""")));
        Assert.Equal("$.a", Assert.Single(Validator.Validate(JsonNode.Parse("""{"a":null}"""), Schema("""{"type":"object","properties":{"a":{"type":"string"}}}"""))).Path);
    }

    [Fact]
    public void Bounds_AreChecked()
    {
        var schema = Schema("""{"type":"object","properties":{"n":{"type":"integer","minimum":1,"maximum":3},"s":{"type":"string","maxLength":2},"l":{"type":"array","maxItems":1,"items":{"type":"integer"}}}}""");

        var errors = Validator.Validate(JsonNode.Parse("""{"n":4,"s":"abc","l":[1,"x"]}"""), schema);

        Assert.Equal(["$.n", "$.s", "$.l", "$.l[1]"], errors.Select(e => e.Path));
    }
}
