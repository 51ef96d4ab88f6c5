using System.Globalization;
using Graph.Analytics.Detection.Internal;
using Graph.Core;

namespace Graph.Analytics.Detection.Scoring;

/// <summary>
/// The second look at a device first judged infrastructure or ordinary: was it the handset a ring made its changes
/// with? Yes when most of its households were, by the very change records that name it, switched to values already
/// judged controllers, far beyond this insurer's share of changed households switched to controllers; or when most
/// of its households use such values as their own by any record (switched or paid to them, gave them on a form), far
/// beyond this insurer's share of households with takeover records that do: a ring that rotates its numbers and
/// accounts keeps its handsets. Representation does not count there: two rings hire one representative, and a
/// handset his clients of both rings used would join them.
/// <para>
/// The handset a slow ring makes its address changes from names every victim, but its victims surrender months
/// later or not yet, so its timing shows in half of them or fewer and the first look calls it infrastructure. A
/// branch terminal or an agent's tablet that a ring's victims also used serves mostly honest households, whose
/// changes switch them to their own new values: it stays what it was. Not an IP address: whoever is on a carrier's
/// network at the time shares it, and a ring's victims acting in one busy stretch can be most of its users.
/// </para>
/// </summary>
internal sealed class ToolsOfControl
{
    private readonly GraphSnapshot _snapshot;
    private readonly ValuePairs _pairs;
    private readonly Baseline _baseline;
    private readonly ValueRole[] _roles;
    private readonly RoleOptions _options;
    private readonly HashSet<int> _households = [], _converged = [];
    private readonly List<string> _records = [];

    /// <summary>Of the insurer's households whose contact details were changed, the share switched to a controller.</summary>
    public double BaseShare { get; }

    /// <summary>Of the insurer's households with takeover records, the share that use a controller as their own.</summary>
    public double UsingShare { get; }

    /// <summary>The households that use a controller (not a device or IP) as their own.</summary>
    private readonly HashSet<int> _usingUnits = [];

    /// <param name="roles">The first verdicts; read, not changed.</param>
    public ToolsOfControl(GraphSnapshot snapshot, ValuePairs pairs, Baseline baseline, ValueRole[] roles, RoleOptions options)
    {
        (_snapshot, _pairs, _baseline, _roles, _options) = (snapshot, pairs, baseline, roles, options);
        // One pass over the pairs: households changed and switched to a controller (the first test's base rate), and
        // households with takeover records and using a controller (not a device or IP) as their own (the second's).
        var changed = new bool[baseline.HouseholdCount];
        var toController = new bool[baseline.HouseholdCount];
        var anyTakeover = new bool[baseline.HouseholdCount];
        for (int p = 0; p < pairs.Count; p++)
        {
            int unit = baseline.Household[pairs.Holder[p]];
            if ((pairs.Flags[p] & PairFlags.ChangedTo) != 0)
            {
                changed[unit] = true;
                if (IsSwitchedToController(p)) toController[unit] = true;
            }
            if (!pairs.IsTakeover(p)) continue;
            anyTakeover[unit] = true;
            int c = pairs.Contact[p];
            if (c < pairs.ContactCount && pairs.IsUsedAsOwn(p) && roles[c] == ValueRole.Controller
                && snapshot.Contacts[c].Kind is not (ContactKind.Device or ContactKind.Ip)) _usingUnits.Add(unit);
        }
        int changedCount = 0, toControllerCount = 0, takeoverCount = 0;
        for (int u = 0; u < changed.Length; u++)
        {
            if (changed[u]) changedCount++;
            if (toController[u]) toControllerCount++;
            if (anyTakeover[u]) takeoverCount++;
        }
        // Half a household each way, so that an insurer without controllers still expects a few.
        BaseShare = (toControllerCount + 0.5) / (changedCount + 1.0);
        UsingShare = (_usingUnits.Count + 0.5) / (takeoverCount + 1.0);
    }

    /// <summary>Whether the second look applies to a value of this kind.</summary>
    public static bool Applies(ContactKind kind) => kind == ContactKind.Device;

    /// <summary>What the second look found for one value.</summary>
    public readonly record struct Result(bool Controls, string Why);

    /// <summary>Judges one value from the pairs <paramref name="list"/> of its holders.</summary>
    public Result Judge(ReadOnlySpan<int> list)
    {
        var links = Lists.AsSpan(_snapshot.Links);
        _households.Clear(); _converged.Clear();
        foreach (int p in list)
        {
            if (!_pairs.IsTakeover(p)) continue;
            int h = _pairs.Holder[p], unit = _baseline.Household[h];
            _households.Add(unit);
            if (_converged.Contains(unit)) continue;
            if (SwitchedToControllerFrom(_pairs, _roles, links, p, _records)) _converged.Add(unit);
        }
        int households = _households.Count, converged = _converged.Count;
        double expected = households * BaseShare;
        double decades = -Chance.PoissonTailLog10(converged, expected);
        bool controls = households >= 2 && 2 * converged >= households && decades >= _options.ControllerDecades;
        string why = string.Format(CultureInfo.InvariantCulture,
            "{0} of {1} households were switched to a ring's values by the very changes made from it ({2:0.#} expected at this insurer's share of changed households)",
            converged, households, expected);
        if (controls) return new Result(controls, why);
        // A ring that rotates its numbers and accounts keeps its handsets: most of the handset's households use a
        // ring's values as their own, not always by the change made from it.
        int users = 0;
        foreach (int unit in _households) if (_usingUnits.Contains(unit)) users++;
        double usersExpected = households * UsingShare;
        double usersDecades = -Chance.PoissonTailLog10(users, usersExpected);
        controls = households >= 2 && 2 * users >= households && usersDecades >= _options.ControllerDecades;
        if (controls)
            why = string.Format(CultureInfo.InvariantCulture,
                "{0} of {1} households use a ring's values as their own ({2:0.#} expected at this insurer's share of households with takeover records)",
                users, households, usersExpected);
        return new Result(controls, why);
    }

    /// <summary>
    /// Did a change made from the handset of pair <paramref name="p"/> switch its holder, by that same record, to a
    /// value judged a controller? What a ring's handset does to its victims; a representative filing surrenders from his
    /// own switches no one. <paramref name="records"/> is scratch.
    /// </summary>
    public static bool SwitchedToControllerFrom(ValuePairs pairs, ValueRole[] roles, ReadOnlySpan<SnapshotLink> links, int p, List<string> records)
    {
        records.Clear();
        for (int i = pairs.LinkStart[p]; i < pairs.LinkEnd[p]; i++)
            if (links[i].Evidence == EvidenceKind.ChangeDevice) records.Add(links[i].SourceId);
        if (records.Count == 0) return false;
        int h = pairs.Holder[p];
        for (int q = pairs.HolderOffsets[h]; q < pairs.HolderOffsets[h + 1]; q++)
        {
            if (q == p || !IsSwitchedToController(pairs, roles, q)) continue;
            for (int j = pairs.LinkStart[q]; j < pairs.LinkEnd[q]; j++)
                if (links[j].Evidence == EvidenceKind.ChangedTo && records.Contains(links[j].SourceId)) return true;
        }
        return false;
    }

    private bool IsSwitchedToController(int p) => IsSwitchedToController(_pairs, _roles, p);

    private static bool IsSwitchedToController(ValuePairs pairs, ValueRole[] roles, int p) =>
        pairs.Contact[p] < pairs.ContactCount && (pairs.Flags[p] & PairFlags.ChangedTo) != 0 && roles[pairs.Contact[p]] == ValueRole.Controller;
}
