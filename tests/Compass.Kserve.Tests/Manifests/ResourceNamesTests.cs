using Compass.Kserve.Manifests;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Compass.Kserve.Tests.Manifests;

public sealed class ResourceNamesTests
{
    [Property(MaxTest = 1000)]
    public bool Derive_AnyModelId_GivesAValidNameThatFitsKserveSuffixes(string? model)
    {
        var name = ResourceNames.Derive(model ?? string.Empty);
        var pod = $"{name}-predictor-5d9c7b6f8d-x2x9z";
        return ResourceNames.IsValidName(name) && pod.Length <= 63 && ResourceNames.IsDnsLabel(pod) && name == ResourceNames.Derive(model ?? string.Empty);
    }

    [Property(MaxTest = 300)]
    public Property Derive_LongIds_AreCutWithAStableHash()
        => Prop.ForAll(Gen.Choose(40, 300).Select(n => new string('a', n) + "/" + new string('b', n)).ToArbitrary(), id =>
        {
            var name = ResourceNames.Derive(id);
            return name.Length <= ResourceNames.MaxNameLength && name != ResourceNames.Derive(id + "x");
        });

    [Theory]
    [InlineData("meta-llama/Llama-3.1-8B-Instruct", "llama-3-1-8b-instruct")]
    [InlineData("Qwen/Qwen2.5-7B-Instruct", "qwen2-5-7b-instruct")]
    [InlineData("openai/gpt-oss-20b", "gpt-oss-20b")]
    public void Derive_CommonIds_AreReadable(string model, string expected)
        => Assert.Equal(expected, ResourceNames.Derive(model));

    [Theory]
    [InlineData("acme/x\"y: z\n- evil")]
    [InlineData("acme/9lives")]
    [InlineData("///")]
    [InlineData("")]
    public void Derive_OddIds_GetAHashAndStayValid(string model)
    {
        var name = ResourceNames.Derive(model);
        Assert.True(ResourceNames.IsValidName(name), name);
        Assert.Matches("-[0-9a-f]{6}$", name);
    }
}
