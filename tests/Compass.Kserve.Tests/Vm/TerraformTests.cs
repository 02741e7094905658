using Compass.Kserve.Vm;

namespace Compass.Kserve.Tests.Vm;

/// <summary>
/// The generated Terraform, parsed as HCL (<see cref="HclParser"/>): the blocks each provider needs, a firewall that
/// admits exactly the stated networks, the SSH key by reference, the instance type, count and disk of the bundle.
/// </summary>
public sealed class TerraformTests
{
    private static readonly string[] Everyone = ["0.0.0.0/0", "2001:db8::/32"];

    public static TheoryData<string, string> Fitting => VmTestData.Fitting();

    [Theory]
    [MemberData(nameof(Fitting))]
    public void Terraform_ParsesWithTheVariablesOfTheBundle(string plan, string provider)
    {
        var bundle = VmTestData.Generate(plan, provider);
        var hcl = HclParser.Parse(bundle[StackFiles.Terraform]);

        var terraform = hcl.Single("terraform");
        var providers = terraform.Body.Single("required_providers").Body.Attributes;
        var (name, source) = provider switch { "aws" => ("aws", "hashicorp/aws"), "gcp" => ("google", "hashicorp/google"), _ => ("azurerm", "hashicorp/azurerm") };
        Assert.Equal(source, Str(((HclObject)providers[name]).Items["source"]));
        hcl.Single("provider", name);

        var typeVariable = provider switch { "aws" => "instance_type", "gcp" => "machine_type", _ => "vm_size" };
        Assert.Equal(bundle.Instance.Type, Str(Default(hcl, typeVariable)));
        Assert.Equal(bundle.VmCount, ((HclNumber)Default(hcl, "instance_count")).Value);
        Assert.Equal(bundle.DiskGiB, ((HclNumber)Default(hcl, "disk_size_gb")).Value);
        var regionVariable = provider == "azure" ? "location" : "region";
        Assert.Equal(bundle.Region, Str(Default(hcl, regionVariable)));

        var vm = Vm(hcl, provider);
        Assert.Equal("var.instance_count", ((HclTraversal)vm.Body["count"]).Path);
        Assert.Equal("var." + typeVariable, ((HclTraversal)vm.Body[provider switch { "aws" => "instance_type", "gcp" => "machine_type", _ => "size" }]).Path);
        Assert.Contains("cloud-init.yaml", UserData(vm, provider), StringComparison.Ordinal);
        foreach (var output in new[] { "public_ips", "openai_base_urls", "grafana_urls" })
        {
            hcl.Single("output", output);
        }
    }

    [Theory]
    [MemberData(nameof(Fitting))]
    public void Firewall_AdmitsExactlyTheStatedNetworksToSshTheApiAndGrafana(string plan, string provider)
    {
        var options = VmTestData.Options(provider);
        var bundle = VmTestData.Generator().Generate(TestPlans.Load(plan), null, options);
        var hcl = HclParser.Parse(bundle[StackFiles.Terraform]);
        var expectedPorts = new[] { 22, options.ApiPort, 3000 };
        var stated = options.AllowedCidrs.Order().ToList();

        var rules = Ingress(hcl, provider).ToList();
        Assert.Equal(expectedPorts.Order(), rules.Select(r => r.Port).Order());
        Assert.All(rules, r => Assert.Equal(stated, r.Sources.Order()));
        Assert.DoesNotContain(rules, r => r.Sources.Contains("0.0.0.0/0") || r.Sources.Contains("::/0"));
    }

    [Theory]
    [InlineData("aws")]
    [InlineData("gcp")]
    [InlineData("azure")]
    public void Firewall_OpensToTheInternetOnlyWhenToldTo(string provider)
    {
        var bundle = VmTestData.Generator().Generate(TestPlans.Load(TestPlans.Chatbot), null, VmTestData.Options(provider, "0.0.0.0/0", "2001:db8::/32"));
        var rules = Ingress(HclParser.Parse(bundle[StackFiles.Terraform]), provider).ToList();
        Assert.All(rules, r => Assert.Equal(Everyone, r.Sources.Order()));
        Assert.NotEmpty(bundle.Warnings);
    }

    [Theory]
    [InlineData("aws")]
    [InlineData("azure")]
    public void SshKey_IsAReferenceByName(string provider)
    {
        var bundle = VmTestData.Generate(TestPlans.Chatbot, provider);
        var hcl = HclParser.Parse(bundle[StackFiles.Terraform]);
        Assert.Equal("ops-key", Str(Default(hcl, "ssh_key_name")));
        var vm = Vm(hcl, provider);
        if (provider == "aws")
        {
            Assert.Equal("var.ssh_key_name", ((HclTraversal)vm.Body["key_name"]).Path);
        }
        else
        {
            var key = hcl.Single("data", "azurerm_ssh_public_key", "compass");
            Assert.Equal("var.ssh_key_name", ((HclTraversal)key.Body["name"]).Path);
            Assert.Equal("data.azurerm_ssh_public_key.compass.public_key", ((HclTraversal)vm.Body.Single("admin_ssh_key").Body["public_key"]).Path);
            Assert.True(((HclBool)vm.Body["disable_password_authentication"]).Value);
        }
    }

    [Fact]
    public void SshKey_WithoutAName_IsAskedForAtApply()
    {
        var bundle = VmTestData.Generator().Generate(TestPlans.Load(TestPlans.Chatbot), null, VmTestData.Options("aws") with { SshKeyName = null });
        var variable = HclParser.Parse(bundle[StackFiles.Terraform]).Single("variable", "ssh_key_name");
        Assert.False(variable.Body.Attributes.ContainsKey("default"));
    }

    [Fact]
    public void Gcp_UsesOsLoginAndANetworkOfItsOwn()
    {
        var hcl = HclParser.Parse(VmTestData.Generate(TestPlans.Chatbot, "gcp")[StackFiles.Terraform]);
        var metadata = (HclObject)Vm(hcl, "gcp").Body["metadata"];
        Assert.Equal("TRUE", Str(metadata.Items["enable-oslogin"]));
        Assert.False(metadata.Items.ContainsKey("ssh-keys"));
        Assert.Equal("google_compute_network.compass.name", ((HclTraversal)hcl.Single("resource", "google_compute_firewall", "compass").Body["network"]).Path);
        Assert.Equal("TERMINATE", Str(Vm(hcl, "gcp").Body.Single("scheduling").Body["on_host_maintenance"]));
    }

    [Fact]
    public void Parser_RejectsBrokenHcl()
    {
        Assert.Throws<FormatException>(() => HclParser.Parse("resource \"a\" \"b\" {\n  x = \"unterminated\n}\n"));
        Assert.Throws<FormatException>(() => HclParser.Parse("resource \"a\" \"b\" {\n  x = 1\n"));
        Assert.Throws<FormatException>(() => HclParser.Parse("variable \"x\" {\n  a = 1\n  a = 2\n}\n"));
        var ok = HclParser.Parse("locals {\n  a = [\"x\", var.y]\n  b = { c = \"${d.e}\" }\n}\n");
        Assert.Equal("d.e", ((HclString)((HclObject)ok.Single("locals").Body["b"]).Items["c"]).Interpolations.Single());
    }

    private static HclExpr Default(HclBody hcl, string variable) => hcl.Single("variable", variable).Body["default"];

    private static string Str(HclExpr expr) => Assert.IsType<HclString>(expr).Value;

    private static HclBlock Vm(HclBody hcl, string provider) => provider switch
    {
        "aws" => hcl.Single("resource", "aws_instance", "compass"),
        "gcp" => hcl.Single("resource", "google_compute_instance", "compass"),
        _ => hcl.Single("resource", "azurerm_linux_virtual_machine", "compass"),
    };

    private static string UserData(HclBlock vm, string provider)
    {
        var expr = provider switch
        {
            "aws" => vm.Body["user_data_base64"],
            "gcp" => ((HclObject)vm.Body["metadata"]).Items["user-data"],
            _ => vm.Body["custom_data"],
        };
        return string.Join(" ", Texts(expr));
    }

    private static IEnumerable<string> Texts(HclExpr expr) => expr switch
    {
        HclString s => [s.Value],
        HclCall c => c.Arguments.SelectMany(Texts).Prepend(c.Name),
        HclTraversal t => [t.Path],
        _ => [],
    };

    private static List<string> Strings(HclExpr expr) => [.. ((HclTuple)expr).Items.Select(Str)];

    /// <summary>Every inbound rule: its port and the networks it admits.</summary>
    private static IEnumerable<(int Port, List<string> Sources)> Ingress(HclBody hcl, string provider)
    {
        switch (provider)
        {
            case "aws":
                var group = hcl.Single("resource", "aws_security_group", "compass");
                foreach (var rule in group.Body.All("ingress"))
                {
                    var from = (int)((HclNumber)rule.Body["from_port"]).Value;
                    Assert.Equal(from, (int)((HclNumber)rule.Body["to_port"]).Value);
                    var sources = rule.Body.Attributes.TryGetValue("cidr_blocks", out var v4) ? Strings(v4) : [];
                    if (rule.Body.Attributes.TryGetValue("ipv6_cidr_blocks", out var v6))
                    {
                        sources.AddRange(Strings(v6));
                    }

                    yield return (from, sources);
                }

                Assert.DoesNotContain(hcl.Blocks, b => b.Labels.Count > 0 && b.Labels[0] is "aws_security_group_rule" or "aws_vpc_security_group_ingress_rule");
                break;
            case "gcp":
                var firewalls = hcl.Blocks.Where(b => b.Labels.Count > 0 && b.Labels[0] == "google_compute_firewall").ToList();
                var firewall = Assert.Single(firewalls);
                Assert.Equal("INGRESS", Str(firewall.Body["direction"]));
                var ranges = Strings(firewall.Body["source_ranges"]);
                foreach (var allow in firewall.Body.All("allow"))
                {
                    foreach (var port in Strings(allow.Body["ports"]))
                    {
                        yield return (int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), ranges);
                    }
                }

                break;
            default:
                var nsg = hcl.Single("resource", "azurerm_network_security_group", "compass");
                Assert.DoesNotContain(hcl.Blocks, b => b.Labels.Count > 0 && b.Labels[0] == "azurerm_network_security_rule");
                foreach (var rule in nsg.Body.All("security_rule"))
                {
                    Assert.Equal("Inbound", Str(rule.Body["direction"]));
                    Assert.Equal("Allow", Str(rule.Body["access"]));
                    Assert.False(rule.Body.Attributes.ContainsKey("source_address_prefix"));
                    yield return (int.Parse(Str(rule.Body["destination_port_range"]), System.Globalization.CultureInfo.InvariantCulture), Strings(rule.Body["source_address_prefixes"]));
                }

                break;
        }
    }
}
