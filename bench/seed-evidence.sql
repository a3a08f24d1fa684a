-- Synthetic evidence for every package version the benchmark uploaded, so that policies are
-- evaluated "on the evidence already held" (the generated purls do not exist in any registry).
-- Deterministic: every choice comes from md5 of the version's purl.
-- About 1 in 3 versions has a verified Sigstore bundle; 1 in 97 a hash mismatch; 1 in 50 is
-- deprecated; 1 in 20 npm versions runs install scripts; 1 in 40 was published by someone new two
-- days ago (with a trust event); 1 in 7 lost the signature its previous release had.
INSERT INTO version_evidence (package_version_id, collected_at, registry, status, items, facts, problems, provenance_score,
                              health_score, grade, explanations, gaps, gap_count, model_version)
SELECT v.id, now(), CASE WHEN p.ecosystem = 'npm' THEN 'npm' ELSE 'maven-central' END, 'complete',
       json_build_array(
           json_build_object('signal', 'sigstore', 'state', CASE WHEN x.h % 3 = 0 THEN 'present' ELSE 'absent' END,
                             'value', CASE WHEN x.h % 3 = 0 THEN 'true (identity https://github.com/example/release.yml)' END,
                             'source', 'https://registry.example/' || v.purl, 'fetchedAt', now(), 'digest', md5(v.purl)),
           json_build_object('signal', 'hash', 'state', 'present', 'value', CASE WHEN x.h % 97 = 0 THEN 'false (SHA-256 differs)' ELSE 'true' END,
                             'source', 'https://registry.example/' || v.purl, 'fetchedAt', now(), 'digest', md5(v.purl)),
           json_build_object('signal', 'deprecated', 'state', 'present', 'value', CASE WHEN x.h % 50 = 0 THEN 'true' ELSE 'false' END,
                             'source', 'https://registry.example/' || v.purl, 'fetchedAt', now(), 'digest', md5(v.purl)),
           json_build_object('signal', 'install-scripts', 'state', 'present',
                             'value', CASE WHEN p.ecosystem = 'npm' AND x.h % 20 = 0 THEN 'true (postinstall)' ELSE 'false' END,
                             'source', 'https://registry.example/' || v.purl, 'fetchedAt', now(), 'digest', md5(v.purl)),
           json_build_object('signal', 'maintainers', 'state', 'present', 'value', (1 + x.h % 4)::text,
                             'source', 'https://registry.example/' || v.purl, 'fetchedAt', now(), 'digest', md5(v.purl))
       )::text,
       json_build_object('packagePurl', p.purl, 'version', v.version, 'source', 'https://registry.example/' || p.purl,
           'releases', json_build_array(
               json_build_object('version', '0.0.1-previous', 'publishedAt', '2025-06-01T00:00:00Z', 'publisher', 'alice',
                                 'signed', x.h % 3 = 0 OR x.h % 7 = 0, 'installScripts', false, 'license', 'MIT', 'deprecated', false),
               json_build_object('version', v.version, 'publishedAt', to_char(now() - interval '2 days', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                                 'publisher', CASE WHEN x.h % 40 = 0 THEN 'mallory' ELSE 'alice' END,
                                 'signed', x.h % 3 = 0, 'installScripts', p.ecosystem = 'npm' AND x.h % 20 = 0, 'license', 'MIT',
                                 'deprecated', x.h % 50 = 0)))::text,
       '[]', CASE WHEN x.h % 3 = 0 THEN 85 ELSE 15 + x.h % 40 END, 40 + x.h % 60,
       CASE WHEN x.h % 97 = 0 THEN 'F' WHEN x.h % 3 = 0 THEN 'B' WHEN x.h % 2 = 0 THEN 'C' ELSE 'D' END,
       '[]', '["attestation: unknown"]', 1, '2026.11-2'
FROM package_version v
JOIN software_package p ON p.id = v.package_id
CROSS JOIN LATERAL (SELECT (('x' || substr(md5(v.purl), 1, 8))::bit(32)::int & 2147483647) AS h) x
ON CONFLICT (package_version_id) DO NOTHING;

INSERT INTO trust_event (id, package_id, version, kind, occurred_at, detected_at, detail, source, identity_hash)
SELECT md5(v.purl || ':publisher')::uuid, v.package_id, v.version, 'publisher-changed', now() - interval '2 days', now(),
       'published by mallory; the previous release by alice', 'https://registry.example/' || v.purl, md5(v.purl || ':publisher')
FROM package_version v
WHERE ((('x' || substr(md5(v.purl), 1, 8))::bit(32)::int & 2147483647) % 40) = 0
ON CONFLICT (identity_hash) DO NOTHING;
