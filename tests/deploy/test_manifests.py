"""What deploy/ holds, checked without a container daemon or a cluster (none runs here):

- the Kubernetes manifests against the API schemas bundled with kubernetes-validate (strict: an
  unknown field fails), and their references to each other (Services to pods, Ingress to
  Service, ConfigMap/Secret names, the probes, beat kept single);
- the compose file's services and their references (PyYAML; `docker compose config` needs the
  compose plugin);
- the Dockerfile's stages and the files it copies;
- the nginx configuration with `nginx -t`, rendered as the nginx image renders its template.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
KUBERNETES_VERSION = "1.30.0"
# Files that are not Kubernetes objects or are applied apart from `kubectl apply -k`.
NOT_IN_KUSTOMIZATION = {"kustomization.yaml", "secret.example.yaml", "migrate-job.yaml"}


def _manifests() -> list[tuple[str, dict]]:
    docs = []
    for path in sorted(K8S.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        docs += [(path.name, doc) for doc in yaml.safe_load_all(path.read_text()) if doc]
    return docs


def _by_kind(kind: str) -> dict[str, dict]:
    return {d["metadata"]["name"]: d for _, d in _manifests() if d["kind"] == kind}


def _container(deployment: dict) -> dict:
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return container


def test_every_manifest_is_valid_against_the_kubernetes_schema():
    docs = _manifests()
    for name, doc in docs:
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        assert doc["metadata"].get("namespace", "belvedere") == "belvedere", name
    kinds = {(d["kind"], d["metadata"]["name"]) for _, d in docs}
    assert kinds >= {
        ("Namespace", "belvedere"),
        ("ConfigMap", "belvedere-env"),
        ("Secret", "belvedere-secrets"),
        ("Deployment", "belvedere-api"),
        ("Service", "belvedere-api"),
        ("Deployment", "belvedere-worker"),
        ("Deployment", "belvedere-beat"),
        ("Job", "belvedere-migrate"),
        ("ConfigMap", "belvedere-nginx"),
        ("Deployment", "belvedere-nginx"),
        ("Service", "belvedere-nginx"),
        ("Ingress", "belvedere"),
    }


def test_the_validation_rejects_a_wrong_manifest():
    """The validator is strict: a misspelt field or a wrong type fails (so the test above can)."""
    api = _by_kind("Deployment")["belvedere-api"]
    misspelt = yaml.safe_load(yaml.safe_dump(api))
    misspelt["spec"]["template"]["spec"]["containers"][0]["livenesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(misspelt, KUBERNETES_VERSION, strict=True)
    wrong_type = yaml.safe_load(yaml.safe_dump(api))
    wrong_type["spec"]["replicas"] = "three"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(wrong_type, KUBERNETES_VERSION, strict=True)


def test_the_api_probes_ask_the_health_endpoint_live_and_ready():
    api = _container(_by_kind("Deployment")["belvedere-api"])
    assert api["livenessProbe"]["httpGet"]["path"] == "/api/v1/health/?probe=live"
    assert api["readinessProbe"]["httpGet"]["path"] == "/api/v1/health/?probe=ready"
    assert api["startupProbe"]["httpGet"]["path"] == "/api/v1/health/?probe=live"
    # The probes' Host header is one the API allows.
    hosts = _by_kind("ConfigMap")["belvedere-env"]["data"]["ALLOWED_HOSTS"].split(",")
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        (header,) = api[probe]["httpGet"]["httpHeaders"]
        assert header["name"] == "Host" and header["value"] in hosts
    assert api["command"][0] == "gunicorn" and api["command"][-1] == "config.wsgi:application"


def test_beat_stays_single_and_the_migrations_run_as_a_job():
    beat = _by_kind("Deployment")["belvedere-beat"]
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    assert "beat" in _container(beat)["command"]
    job = _by_kind("Job")["belvedere-migrate"]
    (container,) = job["spec"]["template"]["spec"]["containers"]
    assert container["command"][-2:] == ["migrate", "--noinput"]
    assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"
    # No long-running process migrates on start (N replicas would race).
    for deployment in _by_kind("Deployment").values():
        assert "migrate" not in _container(deployment).get("command", [])


def test_the_manifests_refer_to_each_other_correctly():
    deployments = _by_kind("Deployment")
    configmaps, secrets, services = _by_kind("ConfigMap"), _by_kind("Secret"), _by_kind("Service")
    for name, deployment in deployments.items():
        pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
        selector = deployment["spec"]["selector"]["matchLabels"]
        assert selector.items() <= pod_labels.items(), name
        spec = deployment["spec"]["template"]["spec"]
        for source in _container(deployment).get("envFrom", []):
            if "configMapRef" in source:
                assert source["configMapRef"]["name"] in configmaps, name
            if "secretRef" in source:
                assert source["secretRef"]["name"] in secrets, name
        for volume in spec.get("volumes", []):
            if "configMap" in volume:
                assert volume["configMap"]["name"] in configmaps, name
        for container in spec["containers"]:
            assert container["image"].startswith(("belvedere/app:", "belvedere/nginx:")), name
    for name, service in services.items():
        targets = [
            d
            for d in deployments.values()
            if service["spec"]["selector"].items()
            <= d["spec"]["template"]["metadata"]["labels"].items()
        ]
        assert len(targets) == 1, name
        ports = {p["name"] for p in _container(targets[0])["ports"]}
        assert {p["targetPort"] for p in service["spec"]["ports"]} <= ports, name
    (ingress,) = _by_kind("Ingress").values()
    for rule in ingress["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            backend = path["backend"]["service"]
            assert backend["name"] in services
    # nginx proxies to the API Service, on its port.
    nginx_env = {e["name"]: e["value"] for e in _container(deployments["belvedere-nginx"])["env"]}
    host, port = nginx_env["BELVEDERE_API_UPSTREAM"].split(":")
    assert host in services and int(port) == services[host]["spec"]["ports"][0]["port"]


def test_the_nginx_configmap_is_the_nginx_configuration_file():
    data = _by_kind("ConfigMap")["belvedere-nginx"]["data"]
    assert data["default.conf.template"] == (DEPLOY / "nginx" / "belvedere.conf").read_text()


def test_the_kustomization_lists_every_manifest_applied_together():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    files = {p.name for p in K8S.glob("*.yaml")} - NOT_IN_KUSTOMIZATION
    assert set(kustomization["resources"]) == files


def test_the_compose_file_holds_every_service_and_its_references_resolve():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "redis", "migrate", "api", "worker", "beat", "nginx"}
    assert services["db"]["image"].startswith("postgis/postgis:15-3")
    assert services["redis"]["image"].startswith("redis:")
    for name, service in services.items():
        for dependency, condition in (service.get("depends_on") or {}).items():
            assert dependency in services, (name, dependency)
            assert condition["condition"] in {
                "service_healthy",
                "service_completed_successfully",
            }
            if condition["condition"] == "service_healthy":
                assert "healthcheck" in services[dependency], (name, dependency)
        for volume in service.get("volumes", []):
            assert volume.split(":")[0] in compose["volumes"], (name, volume)
        if "build" in service:
            dockerfile = ROOT / service["build"]["dockerfile"]
            assert (DEPLOY / service["build"]["context"]).resolve() == ROOT
            assert re.search(
                rf"^FROM \S+ AS {service['build']['target']}$", dockerfile.read_text(), re.M
            ), name
        if "env_file" in service:
            assert (DEPLOY / (service["env_file"] + ".example")).exists(), name
    for name in ("api", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    assert services["api"]["command"][0] == "gunicorn"
    assert services["api"]["command"][-1] == "config.wsgi:application"
    assert "beat" in services["beat"]["command"]
    assert "deploy" not in services["beat"]  # never scaled: one beat
    assert services["migrate"]["command"][-2:] == ["migrate", "--noinput"]
    assert services["nginx"]["environment"]["BELVEDERE_API_UPSTREAM"] == "api:8000"
    assert services["api"]["environment"]["DATABASE_URL"].startswith("postgis://")
    # The API's healthcheck sends a Host the example environment allows.
    healthcheck = services["api"]["healthcheck"]["test"][-1]
    assert "'Host': 'api'" in healthcheck and "probe=ready" in healthcheck
    example = (DEPLOY / "compose.env.example").read_text()
    (hosts,) = re.findall(r"^ALLOWED_HOSTS=(.*)$", example, re.M)
    assert "api" in hosts.split(",")


def test_the_dockerfile_copies_files_that_exist_and_runs_as_a_user():
    dockerfile = (DEPLOY / "docker" / "Dockerfile").read_text()
    stages = re.findall(r"^FROM (\S+) AS (\w+)$", dockerfile, re.M)
    assert [s for _, s in stages] == ["frontend", "app", "nginx"]
    assert dict((s, i) for i, s in stages)["app"].startswith("python:3.11-slim")
    for source in re.findall(r"^COPY (?!--from)(.+) \S+$", dockerfile, re.M):
        for path in source.split():
            assert (ROOT / path).exists(), path
    assert re.search(r"^USER 10001$", dockerfile, re.M)
    assert "collectstatic" in dockerfile
    assert '"config.wsgi:application"]' in dockerfile


def test_the_nginx_configuration_is_accepted_by_nginx(tmp_path):
    """Rendered as the nginx image renders its template, then `nginx -t`."""
    template = (DEPLOY / "nginx" / "belvedere.conf").read_text()
    values = {
        "BELVEDERE_API_UPSTREAM": "127.0.0.1:8119",
        "BELVEDERE_TILE_ORIGINS": "https://tile.openstreetmap.org",
    }
    rendered = re.sub(r"\$\{(BELVEDERE_\w+)\}", lambda m: values[m.group(1)], template)
    assert "${" not in rendered
    (tmp_path / "site.conf").write_text(rendered)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/error.log;\n"
        "events {}\n"
        "http {\n"
        f"  access_log off;\n"
        f"  client_body_temp_path {tmp_path}/body;\n"
        f"  proxy_temp_path {tmp_path}/proxy;\n"
        f"  include {tmp_path}/site.conf;\n"
        "}\n"
    )
    # Installed by `make test` (deploy/local/system-deps.sh test).
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    result = subprocess.run(
        [
            nginx,
            "-t",
            "-p",
            f"{tmp_path}/",
            "-e",
            f"{tmp_path}/error.log",
            "-c",
            f"{tmp_path}/nginx.conf",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
