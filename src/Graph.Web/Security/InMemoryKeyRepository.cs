using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Graph.Web.Security;

/// <summary>
/// Keeps the data-protection keys (which sign login and anti-forgery cookies) in memory only: a restart logs
/// everyone out, and no key ever lands on disk unencrypted.
/// </summary>
internal sealed class InMemoryKeyRepository : IXmlRepository
{
    private readonly List<XElement> _elements = [];
    private readonly Lock _lock = new();

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_lock) return _elements.Select(e => new XElement(e)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_lock) _elements.Add(new XElement(element));
    }
}
