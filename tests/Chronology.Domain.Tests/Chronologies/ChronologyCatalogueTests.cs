using Chronology.Domain.Chronologies;
using JasperFx;
using Microsoft.Extensions.Configuration;

namespace Chronology.Domain.Tests.Chronologies;

public sealed class ChronologyCatalogueTests
{
    private const string Main = "Host=127.0.0.1;Port=55432;Database=chronology;Username=postgres";

    [Fact]
    public void Without_configured_chronologies_there_is_only_the_default_one_in_the_one_database()
    {
        var catalogue = ChronologyCatalogue.From(Configuration(), Main);
        Assert.False(catalogue.IsSharded);
        Assert.Equal(["default"], catalogue.Names);
        Assert.Equal(StorageConstants.DefaultTenantId, ChronologyCatalogue.TenantId("default"));
    }

    [Fact]
    public void Each_configured_chronology_is_a_tenant_of_its_own_name_beside_the_default_one()
    {
        var catalogue = ChronologyCatalogue.From(Configuration(
            ("iran-talks", "Host=127.0.0.1;Port=55444;Database=iran;Username=postgres"),
            ("korea-2018", "Host=127.0.0.1;Port=55432;Database=korea;Username=postgres")), Main);
        Assert.True(catalogue.IsSharded);
        Assert.Equal(["default", "iran-talks", "korea-2018"], catalogue.Names);
        Assert.True(catalogue.Knows("iran-talks"));
        Assert.False(catalogue.Knows("Iran-Talks"));
        Assert.Equal("korea-2018", ChronologyCatalogue.TenantId("korea-2018"));
    }

    [Theory]
    [InlineData("Korea")]
    [InlineData("-korea")]
    [InlineData("korea_2018")]
    [InlineData("default")]
    public void A_name_that_cannot_stand_in_a_path_or_is_the_default_ones_is_refused_at_start(string name)
    {
        var refused = Assert.Throws<InvalidOperationException>(() =>
            ChronologyCatalogue.From(Configuration((name, "Host=127.0.0.1;Port=55444;Database=x;Username=postgres")), Main));
        Assert.Contains(name, refused.Message);
    }

    [Fact]
    public void Two_chronologies_in_one_database_are_refused_at_start()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => ChronologyCatalogue.From(Configuration(
            ("korea-2018", "Host=127.0.0.1;Port=55432;Database=CHRONOLOGY;Username=postgres")), Main));
        Assert.Contains("database of its own", refused.Message);
    }

    [Fact]
    public void Two_chronologies_whose_databases_share_a_name_on_one_host_are_refused_at_start()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => ChronologyCatalogue.From(Configuration(
            ("korea-2018", "Host=127.0.0.1;Port=55432;Database=korea;Username=postgres"),
            ("iran-talks", "Host=127.0.0.1;Port=55444;Database=korea;Username=postgres")), Main));
        Assert.Contains("a name of its own", refused.Message);
    }

    private static IConfiguration Configuration(params (string Name, string Connection)[] chronologies) =>
        new ConfigurationBuilder().AddInMemoryCollection(
            chronologies.Select(chronology => new KeyValuePair<string, string?>($"Chronologies:{chronology.Name}", chronology.Connection))).Build();
}
