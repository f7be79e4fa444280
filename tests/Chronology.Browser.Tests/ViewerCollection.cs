namespace Chronology.Browser.Tests;

/// <summary>Every story shares one API, worker, database and browser, and the stories run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ViewerCollection : ICollectionFixture<ViewerHost>
{
    public const string Name = "viewer";
}
