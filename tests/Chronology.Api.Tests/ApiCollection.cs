namespace Chronology.Api.Tests;

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}

/// <summary>Base of the tests that share the default API host: each test starts from an empty store.</summary>
[Collection(ApiCollection.Name)]
public abstract class ApiTest(ApiFixture api) : IAsyncLifetime
{
    protected ApiFixture Api { get; } = api;

    public Task InitializeAsync() => Api.Reset();

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>Base of the tests on a host configured differently (its own fixture and collection): data reset per test too.</summary>
public abstract class FixtureTest<TFixture>(TFixture api) : IAsyncLifetime where TFixture : ApiFixture
{
    protected TFixture Api { get; } = api;

    public Task InitializeAsync() => Api.Reset();

    public Task DisposeAsync() => Task.CompletedTask;
}
