"""The Kubernetes manifests parse and say what operations rely on: labels app=control-plane, probes on /ready and
/health, ports, a drain that fits in terminationGracePeriodSeconds, zero-unavailable rollouts, Secret/ConfigMap
keys that exist and that crosslogicd actually reads, the migration Job and the backup CronJob."""
import glob
import os
import shutil
import subprocess

import yaml

from packagingtest import Checks, check_config, parse_args, required_variables

args = parse_args()
t = Checks("packaging_kubernetes")
kdir = os.path.join(args.source_dir, "packaging/kubernetes")
daemon_vars = [n for n, _ in check_config(args.crosslogicd)]
required = required_variables(args.crosslogicd)

docs = []
for path in sorted(glob.glob(os.path.join(kdir, "**/*.yaml"), recursive=True)):
    with open(path, encoding="utf-8") as f:
        for doc in yaml.safe_load_all(f):
            if doc is None:
                continue
            doc["__file"] = os.path.relpath(path, kdir)
            docs.append(doc)
            t.check(bool(doc.get("apiVersion")) and bool(doc.get("kind")), f"{doc['__file']}: apiVersion and kind")
            if doc.get("kind") != "Kustomization":
                t.check(bool(doc.get("metadata", {}).get("name")), f"{doc['__file']}: metadata.name")
                t.check(bool(doc.get("metadata", {}).get("labels", {}).get("app")), f"{doc['__file']}: app label")


def find(kind, name):
    hits = [d for d in docs if d.get("kind") == kind and d.get("metadata", {}).get("name") == name]
    t.equal(len(hits), 1, f"exactly one {kind}/{name}")
    return hits[0] if hits else {}


deployment = find("Deployment", "control-plane")
service = find("Service", "control-plane")
config = find("ConfigMap", "control-plane-config")
secret = find("Secret", "control-plane-secrets")
job = find("Job", "control-plane-migrate")
cron = find("CronJob", "control-plane-backup")
pvc = find("PersistentVolumeClaim", "control-plane-backups")
backup_config = find("ConfigMap", "control-plane-backup-config")
config_keys = set((config.get("data") or {}).keys())
secret_keys = set((secret.get("stringData") or {}).keys()) | set((secret.get("data") or {}).keys())
configmaps = {d["metadata"]["name"]: set((d.get("data") or {}).keys()) for d in docs if d.get("kind") == "ConfigMap"}
secrets = {d["metadata"]["name"]: set((d.get("stringData") or {}).keys()) | set((d.get("data") or {}).keys())
           for d in docs if d.get("kind") == "Secret"}

# ---- Deployment ----
t.equal(deployment["apiVersion"], "apps/v1", "Deployment apiVersion")
spec = deployment.get("spec", {})
t.equal(deployment["metadata"]["labels"].get("app"), "control-plane", "Deployment label app=control-plane")
t.equal(spec.get("replicas"), 3, "replicas")
t.equal(spec.get("selector", {}).get("matchLabels", {}).get("app"), "control-plane", "selector app=control-plane")
pod = spec.get("template", {})
t.equal(pod.get("metadata", {}).get("labels", {}).get("app"), "control-plane",
        "pod label app=control-plane (kubectl logs -l app=control-plane)")
t.equal(spec.get("strategy", {}).get("type"), "RollingUpdate", "rolling update")
t.equal(spec.get("strategy", {}).get("rollingUpdate", {}).get("maxUnavailable"), 0, "maxUnavailable 0")
t.check((spec.get("revisionHistoryLimit") or 0) >= 2, "revision history kept for `kubectl rollout undo`")
pod_spec = pod.get("spec", {})
containers = pod_spec.get("containers", [])
t.equal(len(containers), 1, "one container")
c = containers[0] if containers else {}
ports = {p.get("name"): p.get("containerPort") for p in c.get("ports", [])}
t.equal(ports.get("http"), int(config.get("data", {}).get("SERVER_PORT", 0)), "container port http = SERVER_PORT")
for probe, path in (("readinessProbe", "/ready"), ("livenessProbe", "/health")):
    get = c.get(probe, {}).get("httpGet", {})
    t.equal(get.get("path"), path, f"{probe} path")
    t.check(get.get("port") in ("http", ports.get("http")), f"{probe} port is the container port")
t.check(c.get("image", "").startswith("crosslogic/crosslogicd:"), "image crosslogic/crosslogicd")
t.equal(c.get("args"), ["serve"], "container runs `crosslogicd serve`")

grace = int(config.get("data", {}).get("SHUTDOWN_GRACE_SECONDS", "-1"))
pre_stop = c.get("lifecycle", {}).get("preStop", {})
command = pre_stop.get("exec", {}).get("command", [])
sleep = int(command[-1]) if command and command[0].endswith("sleep") else int(pre_stop.get("sleep", {}).get("seconds", 0))
t.check(sleep > 0, f"preStop sleeps so endpoints stop routing before SIGTERM ({pre_stop})")
tgps = pod_spec.get("terminationGracePeriodSeconds", 30)
t.check(grace > 0 and tgps > grace + sleep,
        f"terminationGracePeriodSeconds {tgps} > preStop {sleep} + SHUTDOWN_GRACE_SECONDS {grace}")
security = pod_spec.get("securityContext", {})
t.check(security.get("runAsNonRoot") is True and security.get("runAsUser", 0) != 0, "pod runs as non-root")
t.equal(c.get("securityContext", {}).get("allowPrivilegeEscalation"), False, "no privilege escalation")


def env_refs(container):
    """(kind, object name, key) for every ConfigMap/Secret reference of a container."""
    refs = []
    for e in container.get("env", []):
        src = e.get("valueFrom", {})
        for kind, field in (("Secret", "secretKeyRef"), ("ConfigMap", "configMapKeyRef")):
            if field in src:
                refs.append((kind, src[field]["name"], src[field]["key"], e["name"], src[field].get("optional", False)))
    return refs


def check_container_env(where, container, needs):
    names = set()
    for kind, obj, key, var, optional in env_refs(container):
        pool = secrets if kind == "Secret" else configmaps
        t.check(obj in pool and key in pool[obj], f"{where}: {var} references existing {kind} {obj} key {key}")
        names.add(var)
    for src in container.get("envFrom", []):
        for kind, field, pool in (("ConfigMap", "configMapRef", configmaps), ("Secret", "secretRef", secrets)):
            if field in src:
                ref = src[field]["name"]
                t.check(ref in pool or src[field].get("optional", False), f"{where}: envFrom {kind} {ref} exists")
                names |= pool.get(ref, set())
    for var in needs:
        t.check(var in names, f"{where}: gets {var}")
    return names


deployment_env = check_container_env("Deployment", c, daemon_vars)
t.equal(sorted(deployment_env - set(daemon_vars)), [], "Deployment sets only variables crosslogicd reads")

# ---- ConfigMap / Secret ----
for key in ("DATABASE_URL", "ADMIN_API_TOKEN", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "NODE_REGISTRATION_TOKEN",
            "REDIS_URL"):
    t.check(key in secret_keys, f"Secret has {key}")
    t.check(key not in config_keys, f"{key} is not in the (unencrypted, widely readable) ConfigMap")
t.equal(sorted((config_keys | secret_keys) - set(daemon_vars)), [], "ConfigMap/Secret keys crosslogicd does not read")
t.equal(sorted(set(required) - secret_keys - config_keys), [], "required variables missing from ConfigMap/Secret")
t.equal(config.get("data", {}).get("MIGRATE_ON_START"), "false", "replicas do not migrate on start (the Job does)")
for key, value in (config.get("data") or {}).items():
    t.check(isinstance(value, str), f"ConfigMap value {key} is a string (YAML numbers are rejected by the API)")

# ---- Service ----
t.equal(service.get("spec", {}).get("selector", {}).get("app"), "control-plane", "Service selects app=control-plane")
sports = service.get("spec", {}).get("ports", [])
t.check(any(p.get("port") == 8080 and p.get("targetPort") in ("http", 8080) for p in sports),
        "Service exposes control-plane:8080 (runbook: curl http://control-plane:8080/health)")

# ---- migration Job ----
jc = (job.get("spec", {}).get("template", {}).get("spec", {}).get("containers") or [{}])[0]
t.equal(jc.get("args"), ["migrate"], "Job runs `crosslogicd migrate`")
t.equal(jc.get("image"), c.get("image"), "Job uses the Deployment's image")
t.check(job.get("spec", {}).get("template", {}).get("spec", {}).get("restartPolicy") in ("Never", "OnFailure"),
        "Job restartPolicy")
check_container_env("migration Job", jc, required)

# ---- backup CronJob ----
cspec = cron.get("spec", {})
t.check(len(str(cspec.get("schedule", "")).split()) == 5, "CronJob has a cron schedule")
t.equal(cspec.get("concurrencyPolicy"), "Forbid", "backups never overlap")
bpod = cspec.get("jobTemplate", {}).get("spec", {}).get("template", {}).get("spec", {})
bc = (bpod.get("containers") or [{}])[0]
t.equal(bc.get("command"), ["crosslogic-backup"], "CronJob runs crosslogic-backup")
benv = check_container_env("backup CronJob", bc, ["DATABASE_URL", "BACKUP_DIR", "BACKUP_S3_URI"])
mounts = {m["name"]: m["mountPath"] for m in bc.get("volumeMounts", [])}
volumes = {v["name"]: v for v in bpod.get("volumes", [])}
backup_dir = (backup_config.get("data") or {}).get("BACKUP_DIR")
claim = [n for n, v in volumes.items() if v.get("persistentVolumeClaim", {}).get("claimName") == "control-plane-backups"]
t.check(len(claim) == 1 and mounts.get(claim[0]) == backup_dir, f"BACKUP_DIR {backup_dir} is the PVC mount")

# ---- kustomize: every manifest is listed, images pinned to this version ----
for kfile in ("kustomization.yaml", "migrate/kustomization.yaml", "monitoring/kustomization.yaml"):
    k = next((d for d in docs if d["__file"] == kfile), {})
    base = os.path.dirname(os.path.join(kdir, kfile))
    listed = set(k.get("resources", []))
    present = {os.path.basename(p) for p in glob.glob(os.path.join(base, "*.yaml"))} - {"kustomization.yaml"}
    t.equal(sorted(present - listed), [], f"{kfile}: manifests not listed")
    for image in k.get("images", []):
        t.equal(image.get("newTag"), args.version, f"{kfile}: {image.get('name')} tag is the project version")
for d in docs:
    for container in (d.get("spec", {}).get("template", {}).get("spec", {}).get("containers", [])
                      + d.get("spec", {}).get("jobTemplate", {}).get("spec", {}).get("template", {})
                      .get("spec", {}).get("containers", [])):
        t.check(container.get("image", "").endswith(":" + args.version), f"{d['__file']}: image tag {args.version}")

kubectl = shutil.which("kubectl")
if kubectl:
    # Offline render (no cluster contacted): catches kustomize-level mistakes YAML parsing cannot.
    for sub in ("", "migrate", "monitoring"):
        r = subprocess.run([kubectl, "kustomize", os.path.join(kdir, sub)], capture_output=True, text=True)
        t.check(r.returncode == 0 and "kind:" in r.stdout, f"kubectl kustomize {sub or '.'}: {r.stderr.strip()}")
else:
    print("note: kubectl not installed; kustomize rendering not checked")

t.finish()
