"""Generated from releases.yaml: edit that, then run python -m bbvalues.bigbang.releases."""

COMPILED_FROM = 'crc32 4e6e9828, 43142 characters'
TABLE = {'date': '2026-08-21',
 'chart': {'name': 'bigbang', 'git_path': 'chart'},
 'defaults': {'networkPolicies.enabled': True,
              'istio.ambient.enabled': False,
              'ztunnel.enabled': False,
              'istiod.enabled': True,
              'istioGateway.enabled': True,
              'monitoring.enabled': True,
              'monitoring.sso.enabled': False,
              'monitoring.ingress.gateway': '',
              'addons.authservice.enabled': False,
              'addons.thanos.enabled': False,
              'addons.thanos.sso.enabled': False,
              'addons.thanos.ingress.gateway': '',
              'alloy.enabled': False,
              'alloy.alloyMetrics.enabled': False,
              'tempo.enabled': True,
              'tempo.sso.enabled': False,
              'istioCNI.enabled': False,
              'gatewayAPI.enabled': False},
 'ambient_forces_on': {'ztunnel.enabled': 'ztunnel',
                       'istioCNI.enabled': 'istio-cni',
                       'gatewayAPI.enabled': 'gateway-api'},
 'mode_switches': {'ambient': ['istio.ambient.enabled', 'ztunnel.enabled'],
                   'waypoint_toggle': 'addons.authservice.values.waypoint.enabled',
                   'package_ambient': 'istio.ambient.enabled'},
 'istio_labels': {'use_waypoint': 'istio.io/use-waypoint',
                  'use_waypoint_namespace': 'istio.io/use-waypoint-namespace',
                  'ingress_use_waypoint': 'istio.io/ingress-use-waypoint',
                  'no_waypoint': 'none',
                  'dataplane': {'key': 'istio.io/dataplane-mode', 'value': 'ambient'},
                  'injection': {'key': 'istio-injection', 'value': 'enabled'}},
 'umbrella_keys': ['_selfTest',
                   'addons',
                   'alloy',
                   'bbctl',
                   'certManager',
                   'comments',
                   'disableAutomaticPassthroughValues',
                   'domain',
                   'eckOperator',
                   'elasticsearchKibana',
                   'fluentbit',
                   'flux',
                   'gatekeeper',
                   'gatewayAPI',
                   'git',
                   'grafana',
                   'helmRepositories',
                   'imagePullPolicy',
                   'istio',
                   'istioCNI',
                   'istioCRDs',
                   'istioGateway',
                   'istiod',
                   'kiali',
                   'kyverno',
                   'kyvernoPolicies',
                   'kyvernoReporter',
                   'loki',
                   'monitoring',
                   'networkPolicies',
                   'neuvector',
                   'offline',
                   'openshift',
                   'packageConfiguration',
                   'packages',
                   'prometheusOperatorCRDs',
                   'registryCredentials',
                   'renovate',
                   'sso',
                   'tempo',
                   'twistlock',
                   'wrapper',
                   'ztunnel'],
 'gateway_package': 'istio-{gateway}-gateway',
 'selector': {'path': 'addons.authservice.values.selector', 'key': 'protect', 'value': 'keycloak'},
 'default_gateway': 'public',
 'gateways_condition': 'istio-gateway',
 'gateways_path': 'istioGateway.values.gateways',
 'gateway_labels_key': 'upstream.labels',
 'shared_gateway_labels_path': 'istioGateway.values.shared.upstream.labels',
 'packages': {'monitoring': {'legacy': 'monitoring', 'canonical': 'monitoring', 'namespace': 'monitoring'},
              'authservice': {'legacy': 'addons.authservice',
                              'canonical': 'authservice',
                              'namespace': 'authservice'},
              'thanos': {'legacy': 'addons.thanos', 'canonical': 'thanos', 'namespace': 'thanos'},
              'istioGateway': {'legacy': 'istioGateway',
                               'canonical': 'istioGateway',
                               'namespace': 'istio-gateway'},
              'istiod': {'legacy': 'istiod', 'canonical': 'istiod', 'namespace': 'istio-system'},
              'ztunnel': {'legacy': 'ztunnel', 'canonical': 'ztunnel', 'namespace': 'istio-system'},
              'istioCNI': {'legacy': 'istioCNI', 'canonical': 'istioCNI', 'namespace': 'istio-system'},
              'grafana': {'legacy': 'grafana', 'canonical': 'grafana', 'namespace': 'grafana'},
              'kiali': {'legacy': 'addons.kiali', 'canonical': 'kiali', 'namespace': 'kiali'},
              'tempo': {'legacy': 'tempo', 'canonical': 'tempo', 'namespace': 'tempo'},
              'loki': {'legacy': 'loki', 'canonical': 'loki', 'namespace': 'logging'},
              'alloy': {'legacy': 'alloy', 'canonical': 'alloy', 'namespace': 'alloy'},
              'keycloak': {'legacy': 'addons.keycloak', 'canonical': 'keycloak', 'namespace': 'keycloak'}},
 'conditions': {'monitoring-sso': ['monitoring.enabled', 'monitoring.sso.enabled'],
                'thanos-sso': ['addons.thanos.enabled', 'addons.thanos.sso.enabled'],
                'istio-gateway': ['istioGateway.enabled'],
                'alloy-metrics-sso': ['alloy.enabled',
                                      'alloy.alloyMetrics.enabled',
                                      'monitoring.enabled',
                                      'monitoring.sso.enabled'],
                'thanos-sso-explicit-authservice': ['addons.thanos.enabled',
                                                    'addons.thanos.sso.enabled',
                                                    'addons.authservice.enabled'],
                'authservice-addon': ['addons.authservice.enabled'],
                'tempo-sso': ['tempo.enabled', 'tempo.sso.enabled']},
 'authservice_deployment': {'requires': ['istiod.enabled'],
                            'deployed_by_pre326': ['authservice-addon', 'monitoring-sso', 'tempo-sso'],
                            'deployed_by': ['authservice-addon',
                                            'monitoring-sso',
                                            'tempo-sso',
                                            'thanos-sso']},
 'protections': {'monitoring': {'package': 'monitoring',
                                'condition': 'monitoring-sso',
                                'gateway_key': 'ingress.gateway',
                                'pod_labels': ['values.upstream.prometheus.prometheusSpec.podMetadata.labels',
                                               'values.upstream.alertmanager.alertmanagerSpec.podMetadata.labels'],
                                'source': 'bigbang monitoring/values.yaml prometheusSpec/alertmanagerSpec '
                                          'podMetadata.labels '
                                          '(conformance/umbrella/<tag>/sidecar/monitoring/defaults.yaml for '
                                          '3.23.0-HEAD; facts.json for 3.20.0-3.22.1)'},
                 'thanos-pre326': {'package': 'thanos',
                                   'condition': 'thanos-sso',
                                   'gateway_key': 'ingress.gateway',
                                   'pod_labels': ['values.query.podLabels'],
                                   'source': 'bigbang 3.23.0 thanos/values.yaml query.podLabels '
                                             '(conformance/umbrella/3.23.0/sidecar/thanos/defaults.yaml); '
                                             'assumed for the earlier rows, whose thanos defaults were not '
                                             'kept'},
                 'thanos': {'package': 'thanos',
                            'condition': 'thanos-sso',
                            'gateway_key': 'ingress.gateway',
                            'pod_labels': ['values.upstream.queryFrontend.podLabels'],
                            'source': 'bigbang 3.26.0-HEAD thanos/values.yaml '
                                      'upstream.queryFrontend.podLabels '
                                      '(conformance/umbrella/{3.26.0,3.29.0,3.30.0,head}/sidecar/thanos/defaults.yaml)'}},
 'waypoints': {'authservice-waypoint': {'name': 'authservice-waypoint',
                                        'namespace': 'authservice',
                                        'built_by': 'authservice'},
               'monitoring-waypoint': {'name': 'monitoring-monitoring-waypoint',
                                       'namespace': 'monitoring',
                                       'built_by': 'routes'},
               'thanos-waypoint': {'name': 'thanos-waypoint', 'namespace': 'thanos', 'built_by': 'routes'}},
 'label_sets': {'shared-waypoint': [{'key': 'istio.io/use-waypoint',
                                     'value': 'authservice-waypoint',
                                     'opt_out': 'none'},
                                    {'key': 'istio.io/use-waypoint-namespace',
                                     'value': 'authservice',
                                     'opt_out': None},
                                    {'key': 'istio.io/ingress-use-waypoint',
                                     'value': 'true',
                                     'opt_out': 'false'}],
                'monitoring-waypoint': [{'key': 'istio.io/use-waypoint',
                                         'value': 'monitoring-monitoring-waypoint',
                                         'opt_out': 'none'},
                                        {'key': 'istio.io/ingress-use-waypoint',
                                         'value': 'true',
                                         'opt_out': 'false'}],
                'thanos-waypoint': [{'key': 'istio.io/use-waypoint',
                                     'value': 'thanos-waypoint',
                                     'opt_out': 'none'},
                                    {'key': 'istio.io/ingress-use-waypoint',
                                     'value': 'true',
                                     'opt_out': 'false'}]},
 'service_label_maps': {'prometheus': {'path': 'values.upstream.prometheus.service.labels',
                                       'chart': 'kube-prometheus-stack `prometheus.service.labels`',
                                       'chart_default': {},
                                       'source': 'kube-prometheus-stack (aliased `upstream` in the Big Bang '
                                                 'monitoring chart) values.yaml `prometheus.service.labels: '
                                                 '{}` and templates/prometheus/service.yaml `if '
                                                 '.Values.prometheus.service.labels`, checked in 82.14.1, '
                                                 '83.4.0, 85.3.3, 87.10.1 and 88.3.0 '
                                                 '(prometheus-community/helm-charts), the versions Big Bang '
                                                 '3.22 - HEAD bundle; rendered with helm 4.1.4 by the '
                                                 'monitoring chart 82.14.1-bb.0 '
                                                 '(conformance/umbrella/nulltest/SERVICE-LABELS.txt)'},
                        'alertmanager': {'path': 'values.upstream.alertmanager.service.labels',
                                         'chart': 'kube-prometheus-stack `alertmanager.service.labels`',
                                         'chart_default': {},
                                         'source': 'kube-prometheus-stack values.yaml '
                                                   '`alertmanager.service.labels: {}` and '
                                                   'templates/alertmanager/service.yaml `if '
                                                   '.Values.alertmanager.service.labels`, checked in 82.14.1 '
                                                   '- 88.3.0 as for prometheus; rendered with helm 4.1.4 '
                                                   '(conformance/umbrella/nulltest/SERVICE-LABELS.txt)'},
                        'thanos-query-frontend-pre326': {'path': 'values.queryFrontend.service.labels',
                                                         'chart': "the thanos chart's "
                                                                  '`queryFrontend.service.labels`',
                                                         'chart_default': {},
                                                         'source': 'Big Bang thanos chart 17.3.3-bb.4 '
                                                                   '(DoD-Platform-One/Thanos b40e5bb, a copy '
                                                                   'of the Bitnami chart) values.yaml '
                                                                   '`queryFrontend.service.labels: {}`; '
                                                                   'templates/query-frontend/service.yaml '
                                                                   'merges it with common.tplvalues.merge, '
                                                                   'which drops a nil map; rendered with '
                                                                   'helm 4.1.4 (map-level null: no istio.io '
                                                                   'label)'},
                        'thanos-query-frontend': {'path': 'values.upstream.queryFrontend.service.labels',
                                                  'chart': 'Bitnami thanos `queryFrontend.service.labels`',
                                                  'chart_default': {},
                                                  'source': 'Bitnami thanos 17.4.0 and 17.6.0 '
                                                            '(bitnami/charts c21afd6f1b, 78410dd9a5; Big '
                                                            'Bang thanos 17.4.0-bb.x and 17.6.0-bb.0 wrap it '
                                                            'as `upstream`) values.yaml '
                                                            '`queryFrontend.service.labels: {}`, same '
                                                            'template; rendered with helm 4.1.4 as a '
                                                            'subchart aliased `upstream` (map-level null: no '
                                                            'istio.io label)'}},
 'enrollments': {'monitoring-shared': {'package': 'monitoring',
                                       'condition': 'monitoring-sso',
                                       'services': [{'path': 'values.upstream.prometheus.service.labels',
                                                     'chart': 'kube-prometheus-stack '
                                                              '`prometheus.service.labels`',
                                                     'chart_default': {},
                                                     'source': 'kube-prometheus-stack (aliased `upstream` in '
                                                               'the Big Bang monitoring chart) values.yaml '
                                                               '`prometheus.service.labels: {}` and '
                                                               'templates/prometheus/service.yaml `if '
                                                               '.Values.prometheus.service.labels`, checked '
                                                               'in 82.14.1, 83.4.0, 85.3.3, 87.10.1 and '
                                                               '88.3.0 (prometheus-community/helm-charts), '
                                                               'the versions Big Bang 3.22 - HEAD bundle; '
                                                               'rendered with helm 4.1.4 by the monitoring '
                                                               'chart 82.14.1-bb.0 '
                                                               '(conformance/umbrella/nulltest/SERVICE-LABELS.txt)'},
                                                    {'path': 'values.upstream.alertmanager.service.labels',
                                                     'chart': 'kube-prometheus-stack '
                                                              '`alertmanager.service.labels`',
                                                     'chart_default': {},
                                                     'source': 'kube-prometheus-stack values.yaml '
                                                               '`alertmanager.service.labels: {}` and '
                                                               'templates/alertmanager/service.yaml `if '
                                                               '.Values.alertmanager.service.labels`, '
                                                               'checked in 82.14.1 - 88.3.0 as for '
                                                               'prometheus; rendered with helm 4.1.4 '
                                                               '(conformance/umbrella/nulltest/SERVICE-LABELS.txt)'}],
                                       'labels': 'shared-waypoint',
                                       'waypoint': {'name': 'authservice-waypoint',
                                                    'namespace': 'authservice',
                                                    'built_by': 'authservice'},
                                       'routes': [],
                                       'source': 'bigbang 3.23.0 monitoring/values.yaml:258-264,303-309; '
                                                 '3.26-3.29 L275-281,L320-326 (modes §1.3)'},
                 'thanos-shared-pre326': {'package': 'thanos',
                                          'condition': 'thanos-sso-explicit-authservice',
                                          'services': [{'path': 'values.queryFrontend.service.labels',
                                                        'chart': "the thanos chart's "
                                                                 '`queryFrontend.service.labels`',
                                                        'chart_default': {},
                                                        'source': 'Big Bang thanos chart 17.3.3-bb.4 '
                                                                  '(DoD-Platform-One/Thanos b40e5bb, a copy '
                                                                  'of the Bitnami chart) values.yaml '
                                                                  '`queryFrontend.service.labels: {}`; '
                                                                  'templates/query-frontend/service.yaml '
                                                                  'merges it with common.tplvalues.merge, '
                                                                  'which drops a nil map; rendered with helm '
                                                                  '4.1.4 (map-level null: no istio.io '
                                                                  'label)'}],
                                          'labels': 'shared-waypoint',
                                          'waypoint': {'name': 'authservice-waypoint',
                                                       'namespace': 'authservice',
                                                       'built_by': 'authservice'},
                                          'routes': [],
                                          'source': 'bigbang 3.23.0 thanos/values.yaml:191-197 (modes §1.3, '
                                                    'thanos table)'},
                 'thanos-shared': {'package': 'thanos',
                                   'condition': 'thanos-sso',
                                   'services': [{'path': 'values.upstream.queryFrontend.service.labels',
                                                 'chart': 'Bitnami thanos `queryFrontend.service.labels`',
                                                 'chart_default': {},
                                                 'source': 'Bitnami thanos 17.4.0 and 17.6.0 (bitnami/charts '
                                                           'c21afd6f1b, 78410dd9a5; Big Bang thanos '
                                                           '17.4.0-bb.x and 17.6.0-bb.0 wrap it as '
                                                           '`upstream`) values.yaml '
                                                           '`queryFrontend.service.labels: {}`, same '
                                                           'template; rendered with helm 4.1.4 as a subchart '
                                                           'aliased `upstream` (map-level null: no istio.io '
                                                           'label)'}],
                                   'labels': 'shared-waypoint',
                                   'waypoint': {'name': 'authservice-waypoint',
                                                'namespace': 'authservice',
                                                'built_by': 'authservice'},
                                   'routes': [],
                                   'source': 'bigbang 3.26.0-3.30.0 thanos/values.yaml:233-239; thanos chart '
                                             '17.4.0-bb.2 added `upstream` (modes §1.3)'},
                 'monitoring-own': {'package': 'monitoring',
                                    'condition': 'monitoring-sso',
                                    'services': [{'path': 'values.upstream.prometheus.service.labels',
                                                  'chart': 'kube-prometheus-stack '
                                                           '`prometheus.service.labels`',
                                                  'chart_default': {},
                                                  'source': 'kube-prometheus-stack (aliased `upstream` in '
                                                            'the Big Bang monitoring chart) values.yaml '
                                                            '`prometheus.service.labels: {}` and '
                                                            'templates/prometheus/service.yaml `if '
                                                            '.Values.prometheus.service.labels`, checked in '
                                                            '82.14.1, 83.4.0, 85.3.3, 87.10.1 and 88.3.0 '
                                                            '(prometheus-community/helm-charts), the '
                                                            'versions Big Bang 3.22 - HEAD bundle; rendered '
                                                            'with helm 4.1.4 by the monitoring chart '
                                                            '82.14.1-bb.0 '
                                                            '(conformance/umbrella/nulltest/SERVICE-LABELS.txt)'},
                                                 {'path': 'values.upstream.alertmanager.service.labels',
                                                  'chart': 'kube-prometheus-stack '
                                                           '`alertmanager.service.labels`',
                                                  'chart_default': {},
                                                  'source': 'kube-prometheus-stack values.yaml '
                                                            '`alertmanager.service.labels: {}` and '
                                                            'templates/alertmanager/service.yaml `if '
                                                            '.Values.alertmanager.service.labels`, checked '
                                                            'in 82.14.1 - 88.3.0 as for prometheus; rendered '
                                                            'with helm 4.1.4 '
                                                            '(conformance/umbrella/nulltest/SERVICE-LABELS.txt)'}],
                                    'labels': 'monitoring-waypoint',
                                    'waypoint': {'name': 'monitoring-monitoring-waypoint',
                                                 'namespace': 'monitoring',
                                                 'built_by': 'routes'},
                                    'routes': ['values.routes.inbound.monitoring-prometheus.authservice.enabled',
                                               'values.routes.inbound.monitoring-alertmanager.authservice.enabled'],
                                    'source': 'bigbang 3.30.0 monitoring/values.yaml:303-311,349-356 and '
                                              'routes L119-137; _helpers.tpl:980-987 (modes §1.3)'},
                 'thanos-own': {'package': 'thanos',
                                'condition': 'thanos-sso',
                                'services': [{'path': 'values.upstream.queryFrontend.service.labels',
                                              'chart': 'Bitnami thanos `queryFrontend.service.labels`',
                                              'chart_default': {},
                                              'source': 'Bitnami thanos 17.4.0 and 17.6.0 (bitnami/charts '
                                                        'c21afd6f1b, 78410dd9a5; Big Bang thanos 17.4.0-bb.x '
                                                        'and 17.6.0-bb.0 wrap it as `upstream`) values.yaml '
                                                        '`queryFrontend.service.labels: {}`, same template; '
                                                        'rendered with helm 4.1.4 as a subchart aliased '
                                                        '`upstream` (map-level null: no istio.io label)'}],
                                'labels': 'thanos-waypoint',
                                'waypoint': {'name': 'thanos-waypoint',
                                             'namespace': 'thanos',
                                             'built_by': 'routes'},
                                'routes': ['values.routes.inbound.query-frontend.authservice.enabled'],
                                'source': 'bigbang HEAD thanos/values.yaml:66-72,250-255; '
                                          '_helpers.tpl:996-1003; commit 9482e9ccf (modes §1.3)'}},
 'policy_sets': {'shared-waypoint-policies': [{'id': 'authservice-waypoint-ingress',
                                               'package': 'authservice',
                                               'modes': ['ambient-waypoint', 'ambient-gateway'],
                                               'condition': 'istio-gateway',
                                               'shorthand': 'networkPolicies.ingress.to."authservice-waypoint:15008".from.k8s."istio-gateway/*"',
                                               'note': 'HBONE ingress to the shared authservice waypoint '
                                                       'from the ingress gateways; still rendered in gateway '
                                                       'mode, where no waypoint pod matches',
                                               'source': 'modes §3 row 4; bigbang 3.23.0 '
                                                         'authservice/values.yaml:103-110',
                                               'values': {'networkPolicies': {'ingress': {'to': {'authservice-waypoint:15008': {'podSelector': {'matchLabels': {'gateway.networking.k8s.io/gateway-name': 'authservice-waypoint'}},
                                                                                                                                'from': {'k8s': {'istio-gateway/*': True}}}}}}}},
                                              {'id': 'authservice-waypoint-egress-monitoring',
                                               'package': 'authservice',
                                               'modes': ['ambient-waypoint', 'ambient-gateway'],
                                               'condition': 'monitoring-sso',
                                               'shorthand': 'networkPolicies.egress.from."authservice-waypoint".to.k8s."monitoring/prometheus:9090" '
                                                            'and "monitoring/alertmanager:9093"',
                                               'note': 'the shared waypoint forwards to prometheus and '
                                                       'alertmanager',
                                               'source': 'modes §3 row 5; bigbang 3.29.0 '
                                                         'authservice/values.yaml:121-127',
                                               'values': {'networkPolicies': {'egress': {'from': {'authservice-waypoint': {'to': {'k8s': {'monitoring/prometheus:9090': True,
                                                                                                                                          'monitoring/alertmanager:9093': True}}}}}}}},
                                              {'id': 'authservice-waypoint-egress-thanos',
                                               'package': 'authservice',
                                               'modes': ['ambient-waypoint', 'ambient-gateway'],
                                               'condition': 'thanos-sso',
                                               'shorthand': 'networkPolicies.egress.from."authservice-waypoint".to.k8s."thanos/thanos:9090"',
                                               'note': 'the shared waypoint forwards to the thanos '
                                                       'query-frontend',
                                               'source': 'modes §3 row 5',
                                               'values': {'networkPolicies': {'egress': {'from': {'authservice-waypoint': {'to': {'k8s': {'thanos/thanos:9090': True}}}}}}}},
                                              {'id': 'monitoring-ingress-from-waypoint',
                                               'package': 'monitoring',
                                               'modes': ['ambient-waypoint', 'ambient-gateway'],
                                               'condition': 'monitoring-sso',
                                               'shorthand': 'networkPolicies.ingress.to."prometheus:9090"/"alertmanager:9093".from.k8s."authservice-waypoint@authservice/authservice-waypoint"',
                                               'note': 'prometheus and alertmanager accept the shared '
                                                       'waypoint',
                                               'source': 'modes §3 row 8; bigbang 3.29.0 '
                                                         'monitoring/values.yaml:180,198',
                                               'values': {'networkPolicies': {'ingress': {'to': {'prometheus:9090': {'from': {'k8s': {'authservice-waypoint@authservice/authservice-waypoint': True}}},
                                                                                                 'alertmanager:9093': {'from': {'k8s': {'authservice-waypoint@authservice/authservice-waypoint': True}}}}}}}},
                                              {'id': 'thanos-ingress-from-waypoint',
                                               'package': 'thanos',
                                               'modes': ['ambient-waypoint', 'ambient-gateway'],
                                               'condition': 'thanos-sso',
                                               'shorthand': 'networkPolicies.ingress.to."thanos-query-frontend:9090".from.k8s."authservice-waypoint@authservice/authservice-waypoint"',
                                               'note': 'the thanos query-frontend accepts the shared '
                                                       'waypoint',
                                               'source': 'modes §3 row 10',
                                               'values': {'networkPolicies': {'ingress': {'to': {'thanos-query-frontend:9090': {'from': {'k8s': {'authservice-waypoint@authservice/authservice-waypoint': True}}}}}}}}],
                 'shared-waypoint-policies-pre326': [{'id': 'authservice-waypoint-ingress',
                                                      'package': 'authservice',
                                                      'modes': ['ambient-waypoint', 'ambient-gateway'],
                                                      'condition': 'istio-gateway',
                                                      'shorthand': 'networkPolicies.ingress.to."authservice-waypoint:15008".from.k8s."istio-gateway/*"',
                                                      'note': 'HBONE ingress to the shared authservice '
                                                              'waypoint from the ingress gateways; still '
                                                              'rendered in gateway mode, where no waypoint '
                                                              'pod matches',
                                                      'source': 'modes §3 row 4; bigbang 3.23.0 '
                                                                'authservice/values.yaml:103-110',
                                                      'values': {'networkPolicies': {'ingress': {'to': {'authservice-waypoint:15008': {'podSelector': {'matchLabels': {'gateway.networking.k8s.io/gateway-name': 'authservice-waypoint'}},
                                                                                                                                       'from': {'k8s': {'istio-gateway/*': True}}}}}}}},
                                                     {'id': 'authservice-waypoint-egress-monitoring',
                                                      'package': 'authservice',
                                                      'modes': ['ambient-waypoint', 'ambient-gateway'],
                                                      'condition': 'monitoring-sso',
                                                      'shorthand': 'networkPolicies.egress.from."authservice-waypoint".to.k8s."monitoring/prometheus:9090" '
                                                                   'and "monitoring/alertmanager:9093"',
                                                      'note': 'the shared waypoint forwards to prometheus '
                                                              'and alertmanager',
                                                      'source': 'modes §3 row 5; bigbang 3.29.0 '
                                                                'authservice/values.yaml:121-127',
                                                      'values': {'networkPolicies': {'egress': {'from': {'authservice-waypoint': {'to': {'k8s': {'monitoring/prometheus:9090': True,
                                                                                                                                                 'monitoring/alertmanager:9093': True}}}}}}}},
                                                     {'id': 'authservice-waypoint-egress-thanos',
                                                      'package': 'authservice',
                                                      'modes': ['ambient-waypoint', 'ambient-gateway'],
                                                      'condition': 'thanos-sso',
                                                      'shorthand': 'networkPolicies.egress.from."authservice-waypoint".to.k8s."thanos/thanos:9090"',
                                                      'note': 'the shared waypoint forwards to the thanos '
                                                              'query-frontend',
                                                      'source': 'modes §3 row 5',
                                                      'values': {'networkPolicies': {'egress': {'from': {'authservice-waypoint': {'to': {'k8s': {'thanos/thanos:9090': True}}}}}}}},
                                                     {'id': 'monitoring-ingress-from-waypoint',
                                                      'package': 'monitoring',
                                                      'modes': ['ambient-waypoint', 'ambient-gateway'],
                                                      'condition': 'monitoring-sso',
                                                      'shorthand': 'networkPolicies.ingress.to."prometheus:9090"/"alertmanager:9093".from.k8s."authservice-waypoint@authservice/authservice-waypoint"',
                                                      'note': 'prometheus and alertmanager accept the shared '
                                                              'waypoint',
                                                      'source': 'modes §3 row 8; bigbang 3.29.0 '
                                                                'monitoring/values.yaml:180,198',
                                                      'values': {'networkPolicies': {'ingress': {'to': {'prometheus:9090': {'from': {'k8s': {'authservice-waypoint@authservice/authservice-waypoint': True}}},
                                                                                                        'alertmanager:9093': {'from': {'k8s': {'authservice-waypoint@authservice/authservice-waypoint': True}}}}}}}},
                                                     {'id': 'thanos-ingress-from-waypoint',
                                                      'package': 'thanos',
                                                      'modes': ['ambient-waypoint', 'ambient-gateway'],
                                                      'shorthand': 'networkPolicies.ingress.to."thanos-query-frontend:9090".from.k8s."authservice-waypoint@authservice/authservice-waypoint"',
                                                      'values': {'networkPolicies': {'ingress': {'to': {'thanos-query-frontend:9090': {'from': {'k8s': {'authservice-waypoint@authservice/authservice-waypoint': True}}}}}}},
                                                      'condition': 'thanos-sso-explicit-authservice',
                                                      'note': 'the thanos query-frontend accepts the shared '
                                                              'waypoint; 3.23-3.25 also need '
                                                              'addons.authservice.enabled',
                                                      'source': 'modes §3 row 10; bigbang 3.23.0 '
                                                                'thanos/values.yaml:141'}],
                 'own-waypoint-policies': [{'id': 'authservice-waypoint-ingress',
                                            'package': 'authservice',
                                            'modes': ['ambient-waypoint', 'ambient-gateway'],
                                            'condition': 'istio-gateway',
                                            'shorthand': 'networkPolicies.ingress.to."authservice-waypoint:15008".from.k8s."istio-gateway/*"',
                                            'note': 'HBONE ingress to the shared waypoint; still rendered',
                                            'source': 'modes §3 row 4; HEAD authservice/values.yaml:123-131',
                                            'values': {'networkPolicies': {'ingress': {'to': {'authservice-waypoint:15008': {'podSelector': {'matchLabels': {'gateway.networking.k8s.io/gateway-name': 'authservice-waypoint'}},
                                                                                                                             'from': {'k8s': {'istio-gateway/*': True}}}}}}}},
                                           {'id': 'authservice-ingress-from-monitoring-waypoint',
                                            'package': 'authservice',
                                            'modes': ['ambient-waypoint', 'ambient-gateway'],
                                            'condition': 'monitoring-sso',
                                            'shorthand': 'networkPolicies.ingress.to."authservice:10003".from.k8s."monitoring/waypoint"',
                                            'note': 'ext_authz calls from the monitoring waypoint',
                                            'source': 'modes §3 row 2; HEAD authservice/values.yaml:95-102',
                                            'values': {'networkPolicies': {'ingress': {'to': {'authservice:10003': {'from': {'k8s': {'monitoring/waypoint': {'podSelector': {'matchLabels': {'gateway.networking.k8s.io/gateway-name': 'monitoring-monitoring-waypoint'}}}}}}}}}}},
                                           {'id': 'authservice-waypoint-egress-thanos',
                                            'package': 'authservice',
                                            'modes': ['ambient-waypoint', 'ambient-gateway'],
                                            'condition': 'thanos-sso',
                                            'shorthand': 'networkPolicies.egress.from."authservice-waypoint".to.k8s."thanos/thanos:9090"',
                                            'note': '3.30 keeps only the thanos target of the shared '
                                                    "waypoint's egress",
                                            'source': 'modes §3 row 5; 3.30.0 '
                                                      'authservice/values.yaml:131-134',
                                            'values': {'networkPolicies': {'egress': {'from': {'authservice-waypoint': {'to': {'k8s': {'thanos/thanos:9090': True}}}}}}}},
                                           {'id': 'thanos-ingress-from-waypoint',
                                            'package': 'thanos',
                                            'modes': ['ambient-waypoint', 'ambient-gateway'],
                                            'condition': 'thanos-sso',
                                            'shorthand': 'networkPolicies.ingress.to."thanos-query-frontend:9090".from.k8s."authservice-waypoint@authservice/authservice-waypoint"',
                                            'note': 'thanos still uses the shared waypoint in 3.30',
                                            'source': 'modes §3 row 10',
                                            'values': {'networkPolicies': {'ingress': {'to': {'thanos-query-frontend:9090': {'from': {'k8s': {'authservice-waypoint@authservice/authservice-waypoint': True}}}}}}}},
                                           {'id': 'alloy-egress-to-monitoring-waypoint',
                                            'package': 'alloy',
                                            'modes': ['ambient-waypoint', 'ambient-gateway'],
                                            'condition': 'alloy-metrics-sso',
                                            'shorthand': 'networkPolicies.egress.from."alloy-metrics".to.k8s."monitoring/waypoint:15008"',
                                            'note': 'alloy reaches prometheus through the monitoring '
                                                    'waypoint instead of '
                                                    'monitoring-monitoring-kube-prometheus:9090',
                                            'source': 'modes §3 row 12; HEAD alloy/values.yaml:125-140',
                                            'values': {'networkPolicies': {'egress': {'from': {'alloy-metrics': {'to': {'k8s': {'monitoring/waypoint:15008': {'podSelector': {'matchLabels': {'gateway.networking.k8s.io/gateway-name': 'monitoring-monitoring-waypoint'}}}}}}}}}}}],
                 'per-package-waypoint-policies': [{'id': 'authservice-waypoint-ingress',
                                                    'package': 'authservice',
                                                    'modes': ['ambient-waypoint', 'ambient-gateway'],
                                                    'condition': 'istio-gateway',
                                                    'shorthand': 'networkPolicies.ingress.to."authservice-waypoint:15008".from.k8s."istio-gateway/*"',
                                                    'note': 'HBONE ingress to the shared waypoint; still '
                                                            'rendered',
                                                    'source': 'modes §3 row 4; HEAD '
                                                              'authservice/values.yaml:123-131',
                                                    'values': {'networkPolicies': {'ingress': {'to': {'authservice-waypoint:15008': {'podSelector': {'matchLabels': {'gateway.networking.k8s.io/gateway-name': 'authservice-waypoint'}},
                                                                                                                                     'from': {'k8s': {'istio-gateway/*': True}}}}}}}},
                                                   {'id': 'authservice-ingress-from-monitoring-waypoint',
                                                    'package': 'authservice',
                                                    'modes': ['ambient-waypoint', 'ambient-gateway'],
                                                    'condition': 'monitoring-sso',
                                                    'shorthand': 'networkPolicies.ingress.to."authservice:10003".from.k8s."monitoring/waypoint"',
                                                    'note': 'ext_authz calls from the monitoring waypoint',
                                                    'source': 'modes §3 row 2; HEAD '
                                                              'authservice/values.yaml:95-102',
                                                    'values': {'networkPolicies': {'ingress': {'to': {'authservice:10003': {'from': {'k8s': {'monitoring/waypoint': {'podSelector': {'matchLabels': {'gateway.networking.k8s.io/gateway-name': 'monitoring-monitoring-waypoint'}}}}}}}}}}},
                                                   {'id': 'authservice-ingress-from-thanos-waypoint',
                                                    'package': 'authservice',
                                                    'modes': ['ambient-waypoint', 'ambient-gateway'],
                                                    'condition': 'thanos-sso',
                                                    'shorthand': 'networkPolicies.ingress.to."authservice:10003".from.k8s."thanos/waypoint"',
                                                    'note': 'ext_authz calls from the thanos waypoint',
                                                    'source': 'modes §3 row 3; HEAD '
                                                              'authservice/values.yaml:103-108',
                                                    'values': {'networkPolicies': {'ingress': {'to': {'authservice:10003': {'from': {'k8s': {'thanos/waypoint': {'podSelector': {'matchLabels': {'gateway.networking.k8s.io/gateway-name': 'thanos-waypoint'}}}}}}}}}}},
                                                   {'id': 'alloy-egress-to-monitoring-waypoint',
                                                    'package': 'alloy',
                                                    'modes': ['ambient-waypoint', 'ambient-gateway'],
                                                    'condition': 'alloy-metrics-sso',
                                                    'shorthand': 'networkPolicies.egress.from."alloy-metrics".to.k8s."monitoring/waypoint:15008"',
                                                    'note': 'alloy reaches prometheus through the monitoring '
                                                            'waypoint',
                                                    'source': 'modes §3 row 12; HEAD '
                                                              'alloy/values.yaml:125-140',
                                                    'values': {'networkPolicies': {'egress': {'from': {'alloy-metrics': {'to': {'k8s': {'monitoring/waypoint:15008': {'podSelector': {'matchLabels': {'gateway.networking.k8s.io/gateway-name': 'monitoring-monitoring-waypoint'}}}}}}}}}}}]},
 'package_switch_sets': {'sidecar': {'networkPolicies': {'hbonePortInjection': {'enabled': False}},
                                     'istio': {'ambient': {'enabled': False},
                                               'authorizationPolicies': {'enabled': False,
                                                                         'generateFromNetpol': False}}},
                         'ambient-pre327': {'networkPolicies': {'hbonePortInjection': {'enabled': True}},
                                            'istio': {'ambient': {'enabled': True},
                                                      'authorizationPolicies': {'enabled': False,
                                                                                'generateFromNetpol': False}}},
                         'ambient': {'networkPolicies': {'enabled': True,
                                                         'hbonePortInjection': {'enabled': True}},
                                     'istio': {'enabled': True,
                                               'ambient': {'enabled': True},
                                               'authorizationPolicies': {'enabled': True,
                                                                         'generateFromNetpol': True}}}},
 'package_switches_follow': {'networkPolicies.enabled': 'networkPolicies.enabled',
                             'istio.enabled': 'istiod.enabled'},
 'common_requirements': [{'id': 'authservice-selector',
                          'lint': 'sso-enforcement-point',
                          'each': 'selector',
                          'expect': 'yaml11-string',
                          'sso': True,
                          'why': "the umbrella writes the authservice selector into the protected pods' "
                                 'labels unquoted (`{{{{ $key }}}}: {{{{ $value }}}}`), so a key or value '
                                 'that YAML 1.1 reads as a boolean, number or null is not the label the '
                                 'authservice policies select',
                          'source': 'bigbang monitoring/values.yaml:322-330,480-483, '
                                    'thanos/values.yaml:228-229 (rendered with helm 4.1.4, `sso: on` becomes '
                                    '`sso: true`)'},
                         {'id': 'istio-key-unsupported',
                          'lint': 'istio-key-before-3.22',
                          'each': 'umbrella',
                          'keys': ['istio'],
                          'expect': 'absent',
                          'when': {'istio_key': 'rejected'},
                          'why': 'Big Bang {release} rejects a top-level istio key (values schema: '
                                 "additional properties 'istio' not allowed)",
                          'source': 'bigbang 3.20.0/3.21.0 chart/values.schema.json (modes §0.2)'},
                         {'id': 'gateway-selector-label',
                          'lint': 'gateway-label-on-shared',
                          'each': 'shared-gateway',
                          'expect': 'absent',
                          'why': 'the shared gateway block is no place for the authservice selector label '
                                 '({selector}) - from the release that reads it, it labels every gateway '
                                 'including passthrough; before, Big Bang ignores it',
                          'source': 'bigbang HEAD _helpers.tpl:524-585 (enabledGateways merges '
                                    'istioGateway.values.shared); 3.30.0 and earlier never read it'},
                         {'id': 'gateway-labels-render',
                          'lint': 'null-gateway-label',
                          'each': 'gateway-labels',
                          'expect': 'valid-labels',
                          'why': 'with a null gateway labels map the whole Big Bang render fails '
                                 '(enabledGateways runs dig on it), and a null label renders a null pod '
                                 'label, which the API server rejects',
                          'source': 'bigbang _helpers.tpl:342 `dig "upstream" "labels" "istio"` (modes '
                                    '§1.5)'}],
 'ambient_requirements': [{'id': 'waypoint-labels-restore',
                           'lint': 'null-waypoint-label',
                           'each': 'foreign-service',
                           'expect': 'no-null-labels',
                           'why': 'the {package} Service label map another Big Bang release fills holds a '
                                  "per-key null, which renders into the package's values as a null label",
                           'source': 'DOMAIN.md, Nulls (a null for a key no chart default sets is kept)'},
                          {'id': 'ambient-supported',
                           'lint': 'ambient-before-3.23',
                           'each': 'release',
                           'expect': 'ambient-sso',
                           'why': 'an ambient mode needs a release that enrolls packages in ambient and '
                                  'builds SSO waypoints (from 3.23.0)',
                           'source': 'modes §0.2, §2'},
                          {'id': 'ambient-switch',
                           'each': 'umbrella',
                           'keys': ['istio.ambient.enabled', 'ztunnel.enabled'],
                           'expect': 'any-on',
                           'why': '{mode} runs on Istio ambient (ztunnel): ambientEnabled is `or '
                                  'ztunnel.enabled istio.ambient.enabled`',
                           'source': 'bigbang _helpers.tpl:969-971'}],
 'contract': {'sidecar': [{'id': 'ambient-switch',
                           'each': 'umbrella',
                           'keys': ['istio.ambient.enabled', 'ztunnel.enabled'],
                           'expect': 'all-off',
                           'why': 'sidecar mode: per-pod Envoy sidecars, no ztunnel; either key switches '
                                  'every package to ambient',
                           'source': 'bigbang _helpers.tpl:969-971'},
                          {'id': 'gateway-selector-label',
                           'lint': 'gateway-label-double-enforcement',
                           'each': 'gateway',
                           'expect': 'differs',
                           'value': 'selector',
                           'why': "sidecar mode enforces SSO at each protected pod's sidecar; the selector "
                                  'label on gateway {gateway} would enforce it twice',
                           'source': 'modes §1.4 mode 1 (must NOT contain)'},
                          {'id': 'waypoint-labels-restore',
                           'lint': {'null-label': 'null-waypoint-label', 'set': 'waypoint-labels-in-sidecar'},
                           'each': 'any-service',
                           'expect': 'no-waypoint-labels',
                           'leftover': ['map-null'],
                           'why': 'Big Bang sets no waypoint labels in sidecar mode; an override on the '
                                  '{package} Service renders as written',
                           'source': 'modes §1.4 mode 1 (must NOT contain)'},
                          {'id': 'sidecar-pod-labels',
                           'lint': 'sso-enforcement-point',
                           'each': 'pod-labels',
                           'expect': 'equals',
                           'value': 'selector',
                           'sso': True,
                           'why': 'in sidecar mode the authservice policies attach to the {package} pods '
                                  'through the selector label {selector}',
                           'source': 'bigbang monitoring/values.yaml podMetadata.labels, thanos/values.yaml '
                                     'podLabels (modes §1.2)'},
                          {'id': 'authservice-waypoint-toggle',
                           'each': 'umbrella',
                           'keys': ['addons.authservice.values.waypoint.enabled'],
                           'expect': 'unset',
                           'leftover': True,
                           'why': 'the authservice waypoint toggle does nothing in sidecar mode',
                           'source': 'modes §1.4 mode 1 (harmless, but drop it)'},
                          {'id': 'route-authservice',
                           'each': 'any-route',
                           'expect': 'unset',
                           'leftover': True,
                           'why': 'the {package} route authservice toggle does nothing in sidecar mode',
                           'source': 'bigbang 3.30.0 monitoring/values.yaml:119-137 (set only in ambient)'},
                          [{'id': 'authservice-selector',
                            'lint': 'sso-enforcement-point',
                            'each': 'selector',
                            'expect': 'yaml11-string',
                            'sso': True,
                            'why': "the umbrella writes the authservice selector into the protected pods' "
                                   'labels unquoted (`{{{{ $key }}}}: {{{{ $value }}}}`), so a key or value '
                                   'that YAML 1.1 reads as a boolean, number or null is not the label the '
                                   'authservice policies select',
                            'source': 'bigbang monitoring/values.yaml:322-330,480-483, '
                                      'thanos/values.yaml:228-229 (rendered with helm 4.1.4, `sso: on` '
                                      'becomes `sso: true`)'},
                           {'id': 'istio-key-unsupported',
                            'lint': 'istio-key-before-3.22',
                            'each': 'umbrella',
                            'keys': ['istio'],
                            'expect': 'absent',
                            'when': {'istio_key': 'rejected'},
                            'why': 'Big Bang {release} rejects a top-level istio key (values schema: '
                                   "additional properties 'istio' not allowed)",
                            'source': 'bigbang 3.20.0/3.21.0 chart/values.schema.json (modes §0.2)'},
                           {'id': 'gateway-selector-label',
                            'lint': 'gateway-label-on-shared',
                            'each': 'shared-gateway',
                            'expect': 'absent',
                            'why': 'the shared gateway block is no place for the authservice selector label '
                                   '({selector}) - from the release that reads it, it labels every gateway '
                                   'including passthrough; before, Big Bang ignores it',
                            'source': 'bigbang HEAD _helpers.tpl:524-585 (enabledGateways merges '
                                      'istioGateway.values.shared); 3.30.0 and earlier never read it'},
                           {'id': 'gateway-labels-render',
                            'lint': 'null-gateway-label',
                            'each': 'gateway-labels',
                            'expect': 'valid-labels',
                            'why': 'with a null gateway labels map the whole Big Bang render fails '
                                   '(enabledGateways runs dig on it), and a null label renders a null pod '
                                   'label, which the API server rejects',
                            'source': 'bigbang _helpers.tpl:342 `dig "upstream" "labels" "istio"` (modes '
                                      '§1.5)'}]],
              'ambient-waypoint': [[{'id': 'waypoint-labels-restore',
                                     'lint': 'null-waypoint-label',
                                     'each': 'foreign-service',
                                     'expect': 'no-null-labels',
                                     'why': 'the {package} Service label map another Big Bang release fills '
                                            "holds a per-key null, which renders into the package's values "
                                            'as a null label',
                                     'source': 'DOMAIN.md, Nulls (a null for a key no chart default sets is '
                                               'kept)'},
                                    {'id': 'ambient-supported',
                                     'lint': 'ambient-before-3.23',
                                     'each': 'release',
                                     'expect': 'ambient-sso',
                                     'why': 'an ambient mode needs a release that enrolls packages in '
                                            'ambient and builds SSO waypoints (from 3.23.0)',
                                     'source': 'modes §0.2, §2'},
                                    {'id': 'ambient-switch',
                                     'each': 'umbrella',
                                     'keys': ['istio.ambient.enabled', 'ztunnel.enabled'],
                                     'expect': 'any-on',
                                     'why': '{mode} runs on Istio ambient (ztunnel): ambientEnabled is `or '
                                            'ztunnel.enabled istio.ambient.enabled`',
                                     'source': 'bigbang _helpers.tpl:969-971'}],
                                   {'id': 'authservice-waypoint-toggle',
                                    'each': 'umbrella',
                                    'keys': ['addons.authservice.values.waypoint.enabled'],
                                    'expect': 'differs',
                                    'value': False,
                                    'why': 'waypoint enforcement: the authservice chart builds its waypoint '
                                           'unless the toggle is false',
                                    'source': 'seed 002; modes §1.4 mode 2 (must NOT contain '
                                              'waypoint.enabled false)'},
                                   {'id': 'waypoint-enrollment',
                                    'lint': 'sso-enforcement-point',
                                    'each': 'unenrolled-protection',
                                    'expect': 'all-on',
                                    'sso': True,
                                    'why': 'Big Bang {release} routes {package} through {waypoint} only when '
                                           '{keys} are true, and its SSO is on',
                                    'source': 'bigbang 3.23.0 thanos/values.yaml:191 (modes §1.3)'},
                                   {'id': 'waypoint-labels-restore',
                                    'lint': {'null-label': 'null-waypoint-label',
                                             'misrouted': 'sso-enforcement-point'},
                                    'each': 'service',
                                    'expect': 'routes-through-waypoint',
                                    'sso': True,
                                    'why': 'waypoint mode: the {package} Service routes through {waypoint}, '
                                           'which runs the SSO policies',
                                    'source': 'modes §1.3, §1.4 mode 2 (must NOT contain label overrides)'},
                                   {'id': 'route-authservice',
                                    'lint': 'sso-enforcement-point',
                                    'each': 'route',
                                    'expect': 'differs',
                                    'value': False,
                                    'sso': True,
                                    'why': 'waypoint mode: bb-common builds {waypoint} with ext_authz for '
                                           'this route only while it asks for authservice',
                                    'source': 'bigbang 3.30.0 monitoring/values.yaml:119-137; HEAD '
                                              'docs/migration/migrating-istio-to-ambient.md:153-158'},
                                   {'id': 'gateway-selector-label',
                                    'lint': 'gateway-label-double-enforcement',
                                    'each': 'gateway',
                                    'expect': 'differs',
                                    'value': 'selector',
                                    'why': 'waypoint mode enforces SSO at the waypoint; the selector label '
                                           'on gateway {gateway} would enforce it twice',
                                    'source': 'modes §1.4 mode 2 (must NOT contain the gateway selector '
                                              'label)'},
                                   [{'id': 'authservice-selector',
                                     'lint': 'sso-enforcement-point',
                                     'each': 'selector',
                                     'expect': 'yaml11-string',
                                     'sso': True,
                                     'why': 'the umbrella writes the authservice selector into the protected '
                                            "pods' labels unquoted (`{{{{ $key }}}}: {{{{ $value }}}}`), so "
                                            'a key or value that YAML 1.1 reads as a boolean, number or null '
                                            'is not the label the authservice policies select',
                                     'source': 'bigbang monitoring/values.yaml:322-330,480-483, '
                                               'thanos/values.yaml:228-229 (rendered with helm 4.1.4, `sso: '
                                               'on` becomes `sso: true`)'},
                                    {'id': 'istio-key-unsupported',
                                     'lint': 'istio-key-before-3.22',
                                     'each': 'umbrella',
                                     'keys': ['istio'],
                                     'expect': 'absent',
                                     'when': {'istio_key': 'rejected'},
                                     'why': 'Big Bang {release} rejects a top-level istio key (values '
                                            "schema: additional properties 'istio' not allowed)",
                                     'source': 'bigbang 3.20.0/3.21.0 chart/values.schema.json (modes §0.2)'},
                                    {'id': 'gateway-selector-label',
                                     'lint': 'gateway-label-on-shared',
                                     'each': 'shared-gateway',
                                     'expect': 'absent',
                                     'why': 'the shared gateway block is no place for the authservice '
                                            'selector label ({selector}) - from the release that reads it, '
                                            'it labels every gateway including passthrough; before, Big Bang '
                                            'ignores it',
                                     'source': 'bigbang HEAD _helpers.tpl:524-585 (enabledGateways merges '
                                               'istioGateway.values.shared); 3.30.0 and earlier never read '
                                               'it'},
                                    {'id': 'gateway-labels-render',
                                     'lint': 'null-gateway-label',
                                     'each': 'gateway-labels',
                                     'expect': 'valid-labels',
                                     'why': 'with a null gateway labels map the whole Big Bang render fails '
                                            '(enabledGateways runs dig on it), and a null label renders a '
                                            'null pod label, which the API server rejects',
                                     'source': 'bigbang _helpers.tpl:342 `dig "upstream" "labels" "istio"` '
                                               '(modes §1.5)'}]],
              'ambient-gateway': [[{'id': 'waypoint-labels-restore',
                                    'lint': 'null-waypoint-label',
                                    'each': 'foreign-service',
                                    'expect': 'no-null-labels',
                                    'why': 'the {package} Service label map another Big Bang release fills '
                                           "holds a per-key null, which renders into the package's values as "
                                           'a null label',
                                    'source': 'DOMAIN.md, Nulls (a null for a key no chart default sets is '
                                              'kept)'},
                                   {'id': 'ambient-supported',
                                    'lint': 'ambient-before-3.23',
                                    'each': 'release',
                                    'expect': 'ambient-sso',
                                    'why': 'an ambient mode needs a release that enrolls packages in ambient '
                                           'and builds SSO waypoints (from 3.23.0)',
                                    'source': 'modes §0.2, §2'},
                                   {'id': 'ambient-switch',
                                    'each': 'umbrella',
                                    'keys': ['istio.ambient.enabled', 'ztunnel.enabled'],
                                    'expect': 'any-on',
                                    'why': '{mode} runs on Istio ambient (ztunnel): ambientEnabled is `or '
                                           'ztunnel.enabled istio.ambient.enabled`',
                                    'source': 'bigbang _helpers.tpl:969-971'}],
                                  {'id': 'authservice-waypoint-toggle',
                                   'each': 'umbrella',
                                   'keys': ['addons.authservice.values.waypoint.enabled'],
                                   'expect': 'equals',
                                   'value': False,
                                   'why': 'gateway enforcement: no authservice waypoint; its policies select '
                                          'the gateway pods ({selector})',
                                   'source': 'seed 002; modes §1.4 mode 3'},
                                  {'id': 'gateway-selector-label',
                                   'lint': 'gateway-label-missing',
                                   'each': 'serving-gateway',
                                   'expect': 'equals',
                                   'value': 'selector',
                                   'sso': True,
                                   'why': 'gateway {gateway} serves {package}: its pods must carry the '
                                          'authservice selector label {selector}, or nothing enforces SSO',
                                   'source': 'modes §1.4 mode 3; bigbang authservice/values.yaml:86-94'},
                                  {'id': 'waypoint-labels-strip',
                                   'lint': {'null-label': 'null-waypoint-label',
                                            '*': 'waypoint-labels-without-waypoint'},
                                   'each': 'service',
                                   'expect': 'routes-nowhere',
                                   'sso': ['dangling'],
                                   'why': 'gateway mode: the {package} Service must not route through '
                                          '{waypoint}, which gateway mode does not build, and its labels '
                                          'must render',
                                   'source': 'modes §1.4 mode 3, §4 (per-key nulls render null labels)'},
                                  {'id': 'route-authservice',
                                   'lint': 'route-authservice-in-gateway-mode',
                                   'each': 'route',
                                   'expect': 'falsy',
                                   'why': "gateway mode: bb-common must not build the {package} waypoint's "
                                          'ext_authz route',
                                   'source': 'bigbang 3.30.0 monitoring/values.yaml:119-137 (modes §1.4 mode '
                                             '3, extra keys from 3.30.0)'},
                                  [{'id': 'authservice-selector',
                                    'lint': 'sso-enforcement-point',
                                    'each': 'selector',
                                    'expect': 'yaml11-string',
                                    'sso': True,
                                    'why': 'the umbrella writes the authservice selector into the protected '
                                           "pods' labels unquoted (`{{{{ $key }}}}: {{{{ $value }}}}`), so a "
                                           'key or value that YAML 1.1 reads as a boolean, number or null is '
                                           'not the label the authservice policies select',
                                    'source': 'bigbang monitoring/values.yaml:322-330,480-483, '
                                              'thanos/values.yaml:228-229 (rendered with helm 4.1.4, `sso: '
                                              'on` becomes `sso: true`)'},
                                   {'id': 'istio-key-unsupported',
                                    'lint': 'istio-key-before-3.22',
                                    'each': 'umbrella',
                                    'keys': ['istio'],
                                    'expect': 'absent',
                                    'when': {'istio_key': 'rejected'},
                                    'why': 'Big Bang {release} rejects a top-level istio key (values schema: '
                                           "additional properties 'istio' not allowed)",
                                    'source': 'bigbang 3.20.0/3.21.0 chart/values.schema.json (modes §0.2)'},
                                   {'id': 'gateway-selector-label',
                                    'lint': 'gateway-label-on-shared',
                                    'each': 'shared-gateway',
                                    'expect': 'absent',
                                    'why': 'the shared gateway block is no place for the authservice '
                                           'selector label ({selector}) - from the release that reads it, it '
                                           'labels every gateway including passthrough; before, Big Bang '
                                           'ignores it',
                                    'source': 'bigbang HEAD _helpers.tpl:524-585 (enabledGateways merges '
                                              'istioGateway.values.shared); 3.30.0 and earlier never read '
                                              'it'},
                                   {'id': 'gateway-labels-render',
                                    'lint': 'null-gateway-label',
                                    'each': 'gateway-labels',
                                    'expect': 'valid-labels',
                                    'why': 'with a null gateway labels map the whole Big Bang render fails '
                                           '(enabledGateways runs dig on it), and a null label renders a '
                                           'null pod label, which the API server rejects',
                                    'source': 'bigbang _helpers.tpl:342 `dig "upstream" "labels" "istio"` '
                                              '(modes §1.5)'}]]},
 'sso_prerequisites': [{'id': 'istio-deployed',
                        'lint': 'sso-enforcement-point',
                        'each': 'protection',
                        'expect': 'istio-deployed',
                        'sso': True,
                        'why': 'without istiod no Envoy proxy enforces {package} SSO',
                        'source': 'bigbang _helpers.tpl:956-966 (authserviceEnabled needs istiod)'},
                       {'id': 'ingress-gateways-deployed',
                        'lint': 'sso-enforcement-point',
                        'modes': ['ambient-gateway'],
                        'each': 'umbrella',
                        'keys': ['istioGateway.enabled'],
                        'expect': 'all-on',
                        'sso': True,
                        'why': 'gateway mode enforces SSO at the ingress gateways, which the umbrella '
                               'deploys only with istioGateway.enabled',
                        'source': 'bigbang istio-gateway/values.yaml (`if and .Values.istiod.enabled '
                                  '.Values.istioGateway.enabled`)'},
                       {'id': 'authservice-deployed',
                        'lint': 'sso-enforcement-point',
                        'each': 'protection',
                        'expect': 'authservice-deployed',
                        'sso': True,
                        'why': 'authservice must be deployed to answer the {package} SSO checks',
                        'source': 'bigbang _helpers.tpl:956-966'},
                       {'id': 'namespace-dataplane',
                        'each': 'protection',
                        'expect': 'namespace-dataplane',
                        'render_only': True,
                        'sso': True,
                        'why': "the {package} Namespace must run the mode's data plane (sidecar injection, "
                               'or ambient)',
                        'source': 'bigbang _helpers.tpl:178-215 (namespace labels)'},
                       {'id': 'ambient-infrastructure',
                        'each': 'infrastructure',
                        'expect': 'rendered',
                        'render_only': True,
                        'why': 'ambient needs the {name} HelmRelease, which the umbrella renders whenever '
                               'ambient is on',
                        'source': 'bigbang {ztunnel,istio-cni,gateway-api}/helmrelease.yaml:3'}],
 'releases': [{'name': '< 3.22',
               'min': '0.0.0',
               'below': '3.22.0',
               'ambient': 'none',
               'istio_key': 'rejected',
               'waypoint_model': 'none',
               'protections': [{'package': 'monitoring',
                                'condition': 'monitoring-sso',
                                'gateway_key': 'ingress.gateway',
                                'pod_labels': ['values.upstream.prometheus.prometheusSpec.podMetadata.labels',
                                               'values.upstream.alertmanager.alertmanagerSpec.podMetadata.labels'],
                                'source': 'bigbang monitoring/values.yaml prometheusSpec/alertmanagerSpec '
                                          'podMetadata.labels '
                                          '(conformance/umbrella/<tag>/sidecar/monitoring/defaults.yaml for '
                                          '3.23.0-HEAD; facts.json for 3.20.0-3.22.1)'},
                               {'package': 'thanos',
                                'condition': 'thanos-sso',
                                'gateway_key': 'ingress.gateway',
                                'pod_labels': ['values.query.podLabels'],
                                'source': 'bigbang 3.23.0 thanos/values.yaml query.podLabels '
                                          '(conformance/umbrella/3.23.0/sidecar/thanos/defaults.yaml); '
                                          'assumed for the earlier rows, whose thanos defaults were not '
                                          'kept'}],
               'authservice_deployed_by': ['authservice-addon', 'monitoring-sso', 'tempo-sso'],
               'enrollments': [],
               'policies': [],
               'package_switches': {'sidecar': {'networkPolicies': {'hbonePortInjection': {'enabled': False}},
                                                'istio': {'ambient': {'enabled': False},
                                                          'authorizationPolicies': {'enabled': False,
                                                                                    'generateFromNetpol': False}}},
                                    'ambient': {'networkPolicies': {'hbonePortInjection': {'enabled': False}},
                                                'istio': {'ambient': {'enabled': False},
                                                          'authorizationPolicies': {'enabled': False,
                                                                                    'generateFromNetpol': False}}}},
               'source': 'bigbang 3.20.0/3.21.0 chart/values.schema.json rejects a top-level `istio:` key '
                         '(modes §0.2)'},
              {'name': '3.22',
               'min': '3.22.0',
               'below': '3.23.0',
               'ambient': 'infrastructure',
               'istio_key': 'allowed',
               'waypoint_model': 'none',
               'protections': [{'package': 'monitoring',
                                'condition': 'monitoring-sso',
                                'gateway_key': 'ingress.gateway',
                                'pod_labels': ['values.upstream.prometheus.prometheusSpec.podMetadata.labels',
                                               'values.upstream.alertmanager.alertmanagerSpec.podMetadata.labels'],
                                'source': 'bigbang monitoring/values.yaml prometheusSpec/alertmanagerSpec '
                                          'podMetadata.labels '
                                          '(conformance/umbrella/<tag>/sidecar/monitoring/defaults.yaml for '
                                          '3.23.0-HEAD; facts.json for 3.20.0-3.22.1)'},
                               {'package': 'thanos',
                                'condition': 'thanos-sso',
                                'gateway_key': 'ingress.gateway',
                                'pod_labels': ['values.query.podLabels'],
                                'source': 'bigbang 3.23.0 thanos/values.yaml query.podLabels '
                                          '(conformance/umbrella/3.23.0/sidecar/thanos/defaults.yaml); '
                                          'assumed for the earlier rows, whose thanos defaults were not '
                                          'kept'}],
               'authservice_deployed_by': ['authservice-addon', 'monitoring-sso', 'tempo-sso'],
               'enrollments': [],
               'policies': [],
               'package_switches': {'sidecar': {'networkPolicies': {'hbonePortInjection': {'enabled': False}},
                                                'istio': {'ambient': {'enabled': False},
                                                          'authorizationPolicies': {'enabled': False,
                                                                                    'generateFromNetpol': False}}},
                                    'ambient': {'networkPolicies': {'hbonePortInjection': {'enabled': False}},
                                                'istio': {'ambient': {'enabled': False},
                                                          'authorizationPolicies': {'enabled': False,
                                                                                    'generateFromNetpol': False}}}},
               'source': 'bigbang 3.22.0 _helpers.tpl ambientEnabled (5ba0c6ac5); only custom packages '
                         'enrolled (modes §2)'},
              {'name': '3.23 - 3.25',
               'min': '3.23.0',
               'below': '3.26.0',
               'ambient': 'full',
               'istio_key': 'allowed',
               'waypoint_model': 'shared authservice-waypoint (namespace authservice)',
               'protections': [{'package': 'monitoring',
                                'condition': 'monitoring-sso',
                                'gateway_key': 'ingress.gateway',
                                'pod_labels': ['values.upstream.prometheus.prometheusSpec.podMetadata.labels',
                                               'values.upstream.alertmanager.alertmanagerSpec.podMetadata.labels'],
                                'source': 'bigbang monitoring/values.yaml prometheusSpec/alertmanagerSpec '
                                          'podMetadata.labels '
                                          '(conformance/umbrella/<tag>/sidecar/monitoring/defaults.yaml for '
                                          '3.23.0-HEAD; facts.json for 3.20.0-3.22.1)'},
                               {'package': 'thanos',
                                'condition': 'thanos-sso',
                                'gateway_key': 'ingress.gateway',
                                'pod_labels': ['values.query.podLabels'],
                                'source': 'bigbang 3.23.0 thanos/values.yaml query.podLabels '
                                          '(conformance/umbrella/3.23.0/sidecar/thanos/defaults.yaml); '
                                          'assumed for the earlier rows, whose thanos defaults were not '
                                          'kept'}],
               'authservice_deployed_by': ['authservice-addon', 'monitoring-sso', 'tempo-sso'],
               'enrollments': [{'package': 'monitoring',
                                'condition': 'monitoring-sso',
                                'services': [{'path': 'values.upstream.prometheus.service.labels',
                                              'chart': 'kube-prometheus-stack `prometheus.service.labels`',
                                              'chart_default': {},
                                              'source': 'kube-prometheus-stack (aliased `upstream` in the '
                                                        'Big Bang monitoring chart) values.yaml '
                                                        '`prometheus.service.labels: {}` and '
                                                        'templates/prometheus/service.yaml `if '
                                                        '.Values.prometheus.service.labels`, checked in '
                                                        '82.14.1, 83.4.0, 85.3.3, 87.10.1 and 88.3.0 '
                                                        '(prometheus-community/helm-charts), the versions '
                                                        'Big Bang 3.22 - HEAD bundle; rendered with helm '
                                                        '4.1.4 by the monitoring chart 82.14.1-bb.0 '
                                                        '(conformance/umbrella/nulltest/SERVICE-LABELS.txt)'},
                                             {'path': 'values.upstream.alertmanager.service.labels',
                                              'chart': 'kube-prometheus-stack `alertmanager.service.labels`',
                                              'chart_default': {},
                                              'source': 'kube-prometheus-stack values.yaml '
                                                        '`alertmanager.service.labels: {}` and '
                                                        'templates/alertmanager/service.yaml `if '
                                                        '.Values.alertmanager.service.labels`, checked in '
                                                        '82.14.1 - 88.3.0 as for prometheus; rendered with '
                                                        'helm 4.1.4 '
                                                        '(conformance/umbrella/nulltest/SERVICE-LABELS.txt)'}],
                                'labels': 'shared-waypoint',
                                'waypoint': {'name': 'authservice-waypoint',
                                             'namespace': 'authservice',
                                             'built_by': 'authservice'},
                                'routes': [],
                                'source': 'bigbang 3.23.0 monitoring/values.yaml:258-264,303-309; 3.26-3.29 '
                                          'L275-281,L320-326 (modes §1.3)'},
                               {'package': 'thanos',
                                'condition': 'thanos-sso-explicit-authservice',
                                'services': [{'path': 'values.queryFrontend.service.labels',
                                              'chart': "the thanos chart's `queryFrontend.service.labels`",
                                              'chart_default': {},
                                              'source': 'Big Bang thanos chart 17.3.3-bb.4 '
                                                        '(DoD-Platform-One/Thanos b40e5bb, a copy of the '
                                                        'Bitnami chart) values.yaml '
                                                        '`queryFrontend.service.labels: {}`; '
                                                        'templates/query-frontend/service.yaml merges it '
                                                        'with common.tplvalues.merge, which drops a nil map; '
                                                        'rendered with helm 4.1.4 (map-level null: no '
                                                        'istio.io label)'}],
                                'labels': 'shared-waypoint',
                                'waypoint': {'name': 'authservice-waypoint',
                                             'namespace': 'authservice',
                                             'built_by': 'authservice'},
                                'routes': [],
                                'source': 'bigbang 3.23.0 thanos/values.yaml:191-197 (modes §1.3, thanos '
                                          'table)'}],
               'policies': [{'id': 'authservice-waypoint-ingress',
                             'package': 'authservice',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'istio-gateway',
                             'shorthand': 'networkPolicies.ingress.to."authservice-waypoint:15008".from.k8s."istio-gateway/*"',
                             'note': 'HBONE ingress to the shared authservice waypoint from the ingress '
                                     'gateways; still rendered in gateway mode, where no waypoint pod '
                                     'matches',
                             'source': 'modes §3 row 4; bigbang 3.23.0 authservice/values.yaml:103-110',
                             'values': {'networkPolicies': {'ingress': {'to': {'authservice-waypoint:15008': {'podSelector': {'matchLabels': {'gateway.networking.k8s.io/gateway-name': 'authservice-waypoint'}},
                                                                                                              'from': {'k8s': {'istio-gateway/*': True}}}}}}}},
                            {'id': 'authservice-waypoint-egress-monitoring',
                             'package': 'authservice',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'monitoring-sso',
                             'shorthand': 'networkPolicies.egress.from."authservice-waypoint".to.k8s."monitoring/prometheus:9090" '
                                          'and "monitoring/alertmanager:9093"',
                             'note': 'the shared waypoint forwards to prometheus and alertmanager',
                             'source': 'modes §3 row 5; bigbang 3.29.0 authservice/values.yaml:121-127',
                             'values': {'networkPolicies': {'egress': {'from': {'authservice-waypoint': {'to': {'k8s': {'monitoring/prometheus:9090': True,
                                                                                                                        'monitoring/alertmanager:9093': True}}}}}}}},
                            {'id': 'authservice-waypoint-egress-thanos',
                             'package': 'authservice',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'thanos-sso',
                             'shorthand': 'networkPolicies.egress.from."authservice-waypoint".to.k8s."thanos/thanos:9090"',
                             'note': 'the shared waypoint forwards to the thanos query-frontend',
                             'source': 'modes §3 row 5',
                             'values': {'networkPolicies': {'egress': {'from': {'authservice-waypoint': {'to': {'k8s': {'thanos/thanos:9090': True}}}}}}}},
                            {'id': 'monitoring-ingress-from-waypoint',
                             'package': 'monitoring',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'monitoring-sso',
                             'shorthand': 'networkPolicies.ingress.to."prometheus:9090"/"alertmanager:9093".from.k8s."authservice-waypoint@authservice/authservice-waypoint"',
                             'note': 'prometheus and alertmanager accept the shared waypoint',
                             'source': 'modes §3 row 8; bigbang 3.29.0 monitoring/values.yaml:180,198',
                             'values': {'networkPolicies': {'ingress': {'to': {'prometheus:9090': {'from': {'k8s': {'authservice-waypoint@authservice/authservice-waypoint': True}}},
                                                                               'alertmanager:9093': {'from': {'k8s': {'authservice-waypoint@authservice/authservice-waypoint': True}}}}}}}},
                            {'id': 'thanos-ingress-from-waypoint',
                             'package': 'thanos',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'shorthand': 'networkPolicies.ingress.to."thanos-query-frontend:9090".from.k8s."authservice-waypoint@authservice/authservice-waypoint"',
                             'values': {'networkPolicies': {'ingress': {'to': {'thanos-query-frontend:9090': {'from': {'k8s': {'authservice-waypoint@authservice/authservice-waypoint': True}}}}}}},
                             'condition': 'thanos-sso-explicit-authservice',
                             'note': 'the thanos query-frontend accepts the shared waypoint; 3.23-3.25 also '
                                     'need addons.authservice.enabled',
                             'source': 'modes §3 row 10; bigbang 3.23.0 thanos/values.yaml:141'}],
               'package_switches': {'sidecar': {'networkPolicies': {'hbonePortInjection': {'enabled': False}},
                                                'istio': {'ambient': {'enabled': False},
                                                          'authorizationPolicies': {'enabled': False,
                                                                                    'generateFromNetpol': False}}},
                                    'ambient': {'networkPolicies': {'hbonePortInjection': {'enabled': True}},
                                                'istio': {'ambient': {'enabled': True},
                                                          'authorizationPolicies': {'enabled': False,
                                                                                    'generateFromNetpol': False}}}},
               'source': 'bigbang 3.23.0 ambient beta (caa9a57ce, 421c254eb); authservice 1.1.5-bb.2 (modes '
                         '§2)'},
              {'name': '3.26',
               'min': '3.26.0',
               'below': '3.27.0',
               'ambient': 'full',
               'istio_key': 'allowed',
               'waypoint_model': 'shared authservice-waypoint (namespace authservice)',
               'protections': [{'package': 'monitoring',
                                'condition': 'monitoring-sso',
                                'gateway_key': 'ingress.gateway',
                                'pod_labels': ['values.upstream.prometheus.prometheusSpec.podMetadata.labels',
                                               'values.upstream.alertmanager.alertmanagerSpec.podMetadata.labels'],
                                'source': 'bigbang monitoring/values.yaml prometheusSpec/alertmanagerSpec '
                                          'podMetadata.labels '
                                          '(conformance/umbrella/<tag>/sidecar/monitoring/defaults.yaml for '
                                          '3.23.0-HEAD; facts.json for 3.20.0-3.22.1)'},
                               {'package': 'thanos',
                                'condition': 'thanos-sso',
                                'gateway_key': 'ingress.gateway',
                                'pod_labels': ['values.upstream.queryFrontend.podLabels'],
                                'source': 'bigbang 3.26.0-HEAD thanos/values.yaml '
                                          'upstream.queryFrontend.podLabels '
                                          '(conformance/umbrella/{3.26.0,3.29.0,3.30.0,head}/sidecar/thanos/defaults.yaml)'}],
               'authservice_deployed_by': ['authservice-addon', 'monitoring-sso', 'tempo-sso', 'thanos-sso'],
               'enrollments': [{'package': 'monitoring',
                                'condition': 'monitoring-sso',
                                'services': [{'path': 'values.upstream.prometheus.service.labels',
                                              'chart': 'kube-prometheus-stack `prometheus.service.labels`',
                                              'chart_default': {},
                                              'source': 'kube-prometheus-stack (aliased `upstream` in the '
                                                        'Big Bang monitoring chart) values.yaml '
                                                        '`prometheus.service.labels: {}` and '
                                                        'templates/prometheus/service.yaml `if '
                                                        '.Values.prometheus.service.labels`, checked in '
                                                        '82.14.1, 83.4.0, 85.3.3, 87.10.1 and 88.3.0 '
                                                        '(prometheus-community/helm-charts), the versions '
                                                        'Big Bang 3.22 - HEAD bundle; rendered with helm '
                                                        '4.1.4 by the monitoring chart 82.14.1-bb.0 '
                                                        '(conformance/umbrella/nulltest/SERVICE-LABELS.txt)'},
                                             {'path': 'values.upstream.alertmanager.service.labels',
                                              'chart': 'kube-prometheus-stack `alertmanager.service.labels`',
                                              'chart_default': {},
                                              'source': 'kube-prometheus-stack values.yaml '
                                                        '`alertmanager.service.labels: {}` and '
                                                        'templates/alertmanager/service.yaml `if '
                                                        '.Values.alertmanager.service.labels`, checked in '
                                                        '82.14.1 - 88.3.0 as for prometheus; rendered with '
                                                        'helm 4.1.4 '
                                                        '(conformance/umbrella/nulltest/SERVICE-LABELS.txt)'}],
                                'labels': 'shared-waypoint',
                                'waypoint': {'name': 'authservice-waypoint',
                                             'namespace': 'authservice',
                                             'built_by': 'authservice'},
                                'routes': [],
                                'source': 'bigbang 3.23.0 monitoring/values.yaml:258-264,303-309; 3.26-3.29 '
                                          'L275-281,L320-326 (modes §1.3)'},
                               {'package': 'thanos',
                                'condition': 'thanos-sso',
                                'services': [{'path': 'values.upstream.queryFrontend.service.labels',
                                              'chart': 'Bitnami thanos `queryFrontend.service.labels`',
                                              'chart_default': {},
                                              'source': 'Bitnami thanos 17.4.0 and 17.6.0 (bitnami/charts '
                                                        'c21afd6f1b, 78410dd9a5; Big Bang thanos 17.4.0-bb.x '
                                                        'and 17.6.0-bb.0 wrap it as `upstream`) values.yaml '
                                                        '`queryFrontend.service.labels: {}`, same template; '
                                                        'rendered with helm 4.1.4 as a subchart aliased '
                                                        '`upstream` (map-level null: no istio.io label)'}],
                                'labels': 'shared-waypoint',
                                'waypoint': {'name': 'authservice-waypoint',
                                             'namespace': 'authservice',
                                             'built_by': 'authservice'},
                                'routes': [],
                                'source': 'bigbang 3.26.0-3.30.0 thanos/values.yaml:233-239; thanos chart '
                                          '17.4.0-bb.2 added `upstream` (modes §1.3)'}],
               'policies': [{'id': 'authservice-waypoint-ingress',
                             'package': 'authservice',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'istio-gateway',
                             'shorthand': 'networkPolicies.ingress.to."authservice-waypoint:15008".from.k8s."istio-gateway/*"',
                             'note': 'HBONE ingress to the shared authservice waypoint from the ingress '
                                     'gateways; still rendered in gateway mode, where no waypoint pod '
                                     'matches',
                             'source': 'modes §3 row 4; bigbang 3.23.0 authservice/values.yaml:103-110',
                             'values': {'networkPolicies': {'ingress': {'to': {'authservice-waypoint:15008': {'podSelector': {'matchLabels': {'gateway.networking.k8s.io/gateway-name': 'authservice-waypoint'}},
                                                                                                              'from': {'k8s': {'istio-gateway/*': True}}}}}}}},
                            {'id': 'authservice-waypoint-egress-monitoring',
                             'package': 'authservice',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'monitoring-sso',
                             'shorthand': 'networkPolicies.egress.from."authservice-waypoint".to.k8s."monitoring/prometheus:9090" '
                                          'and "monitoring/alertmanager:9093"',
                             'note': 'the shared waypoint forwards to prometheus and alertmanager',
                             'source': 'modes §3 row 5; bigbang 3.29.0 authservice/values.yaml:121-127',
                             'values': {'networkPolicies': {'egress': {'from': {'authservice-waypoint': {'to': {'k8s': {'monitoring/prometheus:9090': True,
                                                                                                                        'monitoring/alertmanager:9093': True}}}}}}}},
                            {'id': 'authservice-waypoint-egress-thanos',
                             'package': 'authservice',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'thanos-sso',
                             'shorthand': 'networkPolicies.egress.from."authservice-waypoint".to.k8s."thanos/thanos:9090"',
                             'note': 'the shared waypoint forwards to the thanos query-frontend',
                             'source': 'modes §3 row 5',
                             'values': {'networkPolicies': {'egress': {'from': {'authservice-waypoint': {'to': {'k8s': {'thanos/thanos:9090': True}}}}}}}},
                            {'id': 'monitoring-ingress-from-waypoint',
                             'package': 'monitoring',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'monitoring-sso',
                             'shorthand': 'networkPolicies.ingress.to."prometheus:9090"/"alertmanager:9093".from.k8s."authservice-waypoint@authservice/authservice-waypoint"',
                             'note': 'prometheus and alertmanager accept the shared waypoint',
                             'source': 'modes §3 row 8; bigbang 3.29.0 monitoring/values.yaml:180,198',
                             'values': {'networkPolicies': {'ingress': {'to': {'prometheus:9090': {'from': {'k8s': {'authservice-waypoint@authservice/authservice-waypoint': True}}},
                                                                               'alertmanager:9093': {'from': {'k8s': {'authservice-waypoint@authservice/authservice-waypoint': True}}}}}}}},
                            {'id': 'thanos-ingress-from-waypoint',
                             'package': 'thanos',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'thanos-sso',
                             'shorthand': 'networkPolicies.ingress.to."thanos-query-frontend:9090".from.k8s."authservice-waypoint@authservice/authservice-waypoint"',
                             'note': 'the thanos query-frontend accepts the shared waypoint',
                             'source': 'modes §3 row 10',
                             'values': {'networkPolicies': {'ingress': {'to': {'thanos-query-frontend:9090': {'from': {'k8s': {'authservice-waypoint@authservice/authservice-waypoint': True}}}}}}}}],
               'package_switches': {'sidecar': {'networkPolicies': {'hbonePortInjection': {'enabled': False}},
                                                'istio': {'ambient': {'enabled': False},
                                                          'authorizationPolicies': {'enabled': False,
                                                                                    'generateFromNetpol': False}}},
                                    'ambient': {'networkPolicies': {'hbonePortInjection': {'enabled': True}},
                                                'istio': {'ambient': {'enabled': True},
                                                          'authorizationPolicies': {'enabled': False,
                                                                                    'generateFromNetpol': False}}}},
               'source': 'bigbang 3.26.0 thanos values under `upstream.` (e85a3ec19), authserviceEnabled '
                         'helper'},
              {'name': '3.27 - 3.29',
               'min': '3.27.0',
               'below': '3.30.0',
               'ambient': 'full',
               'istio_key': 'allowed',
               'waypoint_model': 'shared authservice-waypoint (namespace authservice)',
               'protections': [{'package': 'monitoring',
                                'condition': 'monitoring-sso',
                                'gateway_key': 'ingress.gateway',
                                'pod_labels': ['values.upstream.prometheus.prometheusSpec.podMetadata.labels',
                                               'values.upstream.alertmanager.alertmanagerSpec.podMetadata.labels'],
                                'source': 'bigbang monitoring/values.yaml prometheusSpec/alertmanagerSpec '
                                          'podMetadata.labels '
                                          '(conformance/umbrella/<tag>/sidecar/monitoring/defaults.yaml for '
                                          '3.23.0-HEAD; facts.json for 3.20.0-3.22.1)'},
                               {'package': 'thanos',
                                'condition': 'thanos-sso',
                                'gateway_key': 'ingress.gateway',
                                'pod_labels': ['values.upstream.queryFrontend.podLabels'],
                                'source': 'bigbang 3.26.0-HEAD thanos/values.yaml '
                                          'upstream.queryFrontend.podLabels '
                                          '(conformance/umbrella/{3.26.0,3.29.0,3.30.0,head}/sidecar/thanos/defaults.yaml)'}],
               'authservice_deployed_by': ['authservice-addon', 'monitoring-sso', 'tempo-sso', 'thanos-sso'],
               'enrollments': [{'package': 'monitoring',
                                'condition': 'monitoring-sso',
                                'services': [{'path': 'values.upstream.prometheus.service.labels',
                                              'chart': 'kube-prometheus-stack `prometheus.service.labels`',
                                              'chart_default': {},
                                              'source': 'kube-prometheus-stack (aliased `upstream` in the '
                                                        'Big Bang monitoring chart) values.yaml '
                                                        '`prometheus.service.labels: {}` and '
                                                        'templates/prometheus/service.yaml `if '
                                                        '.Values.prometheus.service.labels`, checked in '
                                                        '82.14.1, 83.4.0, 85.3.3, 87.10.1 and 88.3.0 '
                                                        '(prometheus-community/helm-charts), the versions '
                                                        'Big Bang 3.22 - HEAD bundle; rendered with helm '
                                                        '4.1.4 by the monitoring chart 82.14.1-bb.0 '
                                                        '(conformance/umbrella/nulltest/SERVICE-LABELS.txt)'},
                                             {'path': 'values.upstream.alertmanager.service.labels',
                                              'chart': 'kube-prometheus-stack `alertmanager.service.labels`',
                                              'chart_default': {},
                                              'source': 'kube-prometheus-stack values.yaml '
                                                        '`alertmanager.service.labels: {}` and '
                                                        'templates/alertmanager/service.yaml `if '
                                                        '.Values.alertmanager.service.labels`, checked in '
                                                        '82.14.1 - 88.3.0 as for prometheus; rendered with '
                                                        'helm 4.1.4 '
                                                        '(conformance/umbrella/nulltest/SERVICE-LABELS.txt)'}],
                                'labels': 'shared-waypoint',
                                'waypoint': {'name': 'authservice-waypoint',
                                             'namespace': 'authservice',
                                             'built_by': 'authservice'},
                                'routes': [],
                                'source': 'bigbang 3.23.0 monitoring/values.yaml:258-264,303-309; 3.26-3.29 '
                                          'L275-281,L320-326 (modes §1.3)'},
                               {'package': 'thanos',
                                'condition': 'thanos-sso',
                                'services': [{'path': 'values.upstream.queryFrontend.service.labels',
                                              'chart': 'Bitnami thanos `queryFrontend.service.labels`',
                                              'chart_default': {},
                                              'source': 'Bitnami thanos 17.4.0 and 17.6.0 (bitnami/charts '
                                                        'c21afd6f1b, 78410dd9a5; Big Bang thanos 17.4.0-bb.x '
                                                        'and 17.6.0-bb.0 wrap it as `upstream`) values.yaml '
                                                        '`queryFrontend.service.labels: {}`, same template; '
                                                        'rendered with helm 4.1.4 as a subchart aliased '
                                                        '`upstream` (map-level null: no istio.io label)'}],
                                'labels': 'shared-waypoint',
                                'waypoint': {'name': 'authservice-waypoint',
                                             'namespace': 'authservice',
                                             'built_by': 'authservice'},
                                'routes': [],
                                'source': 'bigbang 3.26.0-3.30.0 thanos/values.yaml:233-239; thanos chart '
                                          '17.4.0-bb.2 added `upstream` (modes §1.3)'}],
               'policies': [{'id': 'authservice-waypoint-ingress',
                             'package': 'authservice',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'istio-gateway',
                             'shorthand': 'networkPolicies.ingress.to."authservice-waypoint:15008".from.k8s."istio-gateway/*"',
                             'note': 'HBONE ingress to the shared authservice waypoint from the ingress '
                                     'gateways; still rendered in gateway mode, where no waypoint pod '
                                     'matches',
                             'source': 'modes §3 row 4; bigbang 3.23.0 authservice/values.yaml:103-110',
                             'values': {'networkPolicies': {'ingress': {'to': {'authservice-waypoint:15008': {'podSelector': {'matchLabels': {'gateway.networking.k8s.io/gateway-name': 'authservice-waypoint'}},
                                                                                                              'from': {'k8s': {'istio-gateway/*': True}}}}}}}},
                            {'id': 'authservice-waypoint-egress-monitoring',
                             'package': 'authservice',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'monitoring-sso',
                             'shorthand': 'networkPolicies.egress.from."authservice-waypoint".to.k8s."monitoring/prometheus:9090" '
                                          'and "monitoring/alertmanager:9093"',
                             'note': 'the shared waypoint forwards to prometheus and alertmanager',
                             'source': 'modes §3 row 5; bigbang 3.29.0 authservice/values.yaml:121-127',
                             'values': {'networkPolicies': {'egress': {'from': {'authservice-waypoint': {'to': {'k8s': {'monitoring/prometheus:9090': True,
                                                                                                                        'monitoring/alertmanager:9093': True}}}}}}}},
                            {'id': 'authservice-waypoint-egress-thanos',
                             'package': 'authservice',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'thanos-sso',
                             'shorthand': 'networkPolicies.egress.from."authservice-waypoint".to.k8s."thanos/thanos:9090"',
                             'note': 'the shared waypoint forwards to the thanos query-frontend',
                             'source': 'modes §3 row 5',
                             'values': {'networkPolicies': {'egress': {'from': {'authservice-waypoint': {'to': {'k8s': {'thanos/thanos:9090': True}}}}}}}},
                            {'id': 'monitoring-ingress-from-waypoint',
                             'package': 'monitoring',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'monitoring-sso',
                             'shorthand': 'networkPolicies.ingress.to."prometheus:9090"/"alertmanager:9093".from.k8s."authservice-waypoint@authservice/authservice-waypoint"',
                             'note': 'prometheus and alertmanager accept the shared waypoint',
                             'source': 'modes §3 row 8; bigbang 3.29.0 monitoring/values.yaml:180,198',
                             'values': {'networkPolicies': {'ingress': {'to': {'prometheus:9090': {'from': {'k8s': {'authservice-waypoint@authservice/authservice-waypoint': True}}},
                                                                               'alertmanager:9093': {'from': {'k8s': {'authservice-waypoint@authservice/authservice-waypoint': True}}}}}}}},
                            {'id': 'thanos-ingress-from-waypoint',
                             'package': 'thanos',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'thanos-sso',
                             'shorthand': 'networkPolicies.ingress.to."thanos-query-frontend:9090".from.k8s."authservice-waypoint@authservice/authservice-waypoint"',
                             'note': 'the thanos query-frontend accepts the shared waypoint',
                             'source': 'modes §3 row 10',
                             'values': {'networkPolicies': {'ingress': {'to': {'thanos-query-frontend:9090': {'from': {'k8s': {'authservice-waypoint@authservice/authservice-waypoint': True}}}}}}}}],
               'package_switches': {'sidecar': {'networkPolicies': {'hbonePortInjection': {'enabled': False}},
                                                'istio': {'ambient': {'enabled': False},
                                                          'authorizationPolicies': {'enabled': False,
                                                                                    'generateFromNetpol': False}}},
                                    'ambient': {'networkPolicies': {'enabled': True,
                                                                    'hbonePortInjection': {'enabled': True}},
                                                'istio': {'enabled': True,
                                                          'ambient': {'enabled': True},
                                                          'authorizationPolicies': {'enabled': True,
                                                                                    'generateFromNetpol': True}}}},
               'source': 'bigbang 3.27.0 network and authorization policies forced on in ambient '
                         '(e112dd9ed)'},
              {'name': '3.30',
               'min': '3.30.0',
               'below': '3.31.0',
               'ambient': 'full',
               'istio_key': 'allowed',
               'waypoint_model': 'monitoring-monitoring-waypoint for monitoring; thanos still on the shared '
                                 'authservice-waypoint',
               'protections': [{'package': 'monitoring',
                                'condition': 'monitoring-sso',
                                'gateway_key': 'ingress.gateway',
                                'pod_labels': ['values.upstream.prometheus.prometheusSpec.podMetadata.labels',
                                               'values.upstream.alertmanager.alertmanagerSpec.podMetadata.labels'],
                                'source': 'bigbang monitoring/values.yaml prometheusSpec/alertmanagerSpec '
                                          'podMetadata.labels '
                                          '(conformance/umbrella/<tag>/sidecar/monitoring/defaults.yaml for '
                                          '3.23.0-HEAD; facts.json for 3.20.0-3.22.1)'},
                               {'package': 'thanos',
                                'condition': 'thanos-sso',
                                'gateway_key': 'ingress.gateway',
                                'pod_labels': ['values.upstream.queryFrontend.podLabels'],
                                'source': 'bigbang 3.26.0-HEAD thanos/values.yaml '
                                          'upstream.queryFrontend.podLabels '
                                          '(conformance/umbrella/{3.26.0,3.29.0,3.30.0,head}/sidecar/thanos/defaults.yaml)'}],
               'authservice_deployed_by': ['authservice-addon', 'monitoring-sso', 'tempo-sso', 'thanos-sso'],
               'enrollments': [{'package': 'monitoring',
                                'condition': 'monitoring-sso',
                                'services': [{'path': 'values.upstream.prometheus.service.labels',
                                              'chart': 'kube-prometheus-stack `prometheus.service.labels`',
                                              'chart_default': {},
                                              'source': 'kube-prometheus-stack (aliased `upstream` in the '
                                                        'Big Bang monitoring chart) values.yaml '
                                                        '`prometheus.service.labels: {}` and '
                                                        'templates/prometheus/service.yaml `if '
                                                        '.Values.prometheus.service.labels`, checked in '
                                                        '82.14.1, 83.4.0, 85.3.3, 87.10.1 and 88.3.0 '
                                                        '(prometheus-community/helm-charts), the versions '
                                                        'Big Bang 3.22 - HEAD bundle; rendered with helm '
                                                        '4.1.4 by the monitoring chart 82.14.1-bb.0 '
                                                        '(conformance/umbrella/nulltest/SERVICE-LABELS.txt)'},
                                             {'path': 'values.upstream.alertmanager.service.labels',
                                              'chart': 'kube-prometheus-stack `alertmanager.service.labels`',
                                              'chart_default': {},
                                              'source': 'kube-prometheus-stack values.yaml '
                                                        '`alertmanager.service.labels: {}` and '
                                                        'templates/alertmanager/service.yaml `if '
                                                        '.Values.alertmanager.service.labels`, checked in '
                                                        '82.14.1 - 88.3.0 as for prometheus; rendered with '
                                                        'helm 4.1.4 '
                                                        '(conformance/umbrella/nulltest/SERVICE-LABELS.txt)'}],
                                'labels': 'monitoring-waypoint',
                                'waypoint': {'name': 'monitoring-monitoring-waypoint',
                                             'namespace': 'monitoring',
                                             'built_by': 'routes'},
                                'routes': ['values.routes.inbound.monitoring-prometheus.authservice.enabled',
                                           'values.routes.inbound.monitoring-alertmanager.authservice.enabled'],
                                'source': 'bigbang 3.30.0 monitoring/values.yaml:303-311,349-356 and routes '
                                          'L119-137; _helpers.tpl:980-987 (modes §1.3)'},
                               {'package': 'thanos',
                                'condition': 'thanos-sso',
                                'services': [{'path': 'values.upstream.queryFrontend.service.labels',
                                              'chart': 'Bitnami thanos `queryFrontend.service.labels`',
                                              'chart_default': {},
                                              'source': 'Bitnami thanos 17.4.0 and 17.6.0 (bitnami/charts '
                                                        'c21afd6f1b, 78410dd9a5; Big Bang thanos 17.4.0-bb.x '
                                                        'and 17.6.0-bb.0 wrap it as `upstream`) values.yaml '
                                                        '`queryFrontend.service.labels: {}`, same template; '
                                                        'rendered with helm 4.1.4 as a subchart aliased '
                                                        '`upstream` (map-level null: no istio.io label)'}],
                                'labels': 'shared-waypoint',
                                'waypoint': {'name': 'authservice-waypoint',
                                             'namespace': 'authservice',
                                             'built_by': 'authservice'},
                                'routes': [],
                                'source': 'bigbang 3.26.0-3.30.0 thanos/values.yaml:233-239; thanos chart '
                                          '17.4.0-bb.2 added `upstream` (modes §1.3)'}],
               'policies': [{'id': 'authservice-waypoint-ingress',
                             'package': 'authservice',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'istio-gateway',
                             'shorthand': 'networkPolicies.ingress.to."authservice-waypoint:15008".from.k8s."istio-gateway/*"',
                             'note': 'HBONE ingress to the shared waypoint; still rendered',
                             'source': 'modes §3 row 4; HEAD authservice/values.yaml:123-131',
                             'values': {'networkPolicies': {'ingress': {'to': {'authservice-waypoint:15008': {'podSelector': {'matchLabels': {'gateway.networking.k8s.io/gateway-name': 'authservice-waypoint'}},
                                                                                                              'from': {'k8s': {'istio-gateway/*': True}}}}}}}},
                            {'id': 'authservice-ingress-from-monitoring-waypoint',
                             'package': 'authservice',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'monitoring-sso',
                             'shorthand': 'networkPolicies.ingress.to."authservice:10003".from.k8s."monitoring/waypoint"',
                             'note': 'ext_authz calls from the monitoring waypoint',
                             'source': 'modes §3 row 2; HEAD authservice/values.yaml:95-102',
                             'values': {'networkPolicies': {'ingress': {'to': {'authservice:10003': {'from': {'k8s': {'monitoring/waypoint': {'podSelector': {'matchLabels': {'gateway.networking.k8s.io/gateway-name': 'monitoring-monitoring-waypoint'}}}}}}}}}}},
                            {'id': 'authservice-waypoint-egress-thanos',
                             'package': 'authservice',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'thanos-sso',
                             'shorthand': 'networkPolicies.egress.from."authservice-waypoint".to.k8s."thanos/thanos:9090"',
                             'note': "3.30 keeps only the thanos target of the shared waypoint's egress",
                             'source': 'modes §3 row 5; 3.30.0 authservice/values.yaml:131-134',
                             'values': {'networkPolicies': {'egress': {'from': {'authservice-waypoint': {'to': {'k8s': {'thanos/thanos:9090': True}}}}}}}},
                            {'id': 'thanos-ingress-from-waypoint',
                             'package': 'thanos',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'thanos-sso',
                             'shorthand': 'networkPolicies.ingress.to."thanos-query-frontend:9090".from.k8s."authservice-waypoint@authservice/authservice-waypoint"',
                             'note': 'thanos still uses the shared waypoint in 3.30',
                             'source': 'modes §3 row 10',
                             'values': {'networkPolicies': {'ingress': {'to': {'thanos-query-frontend:9090': {'from': {'k8s': {'authservice-waypoint@authservice/authservice-waypoint': True}}}}}}}},
                            {'id': 'alloy-egress-to-monitoring-waypoint',
                             'package': 'alloy',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'alloy-metrics-sso',
                             'shorthand': 'networkPolicies.egress.from."alloy-metrics".to.k8s."monitoring/waypoint:15008"',
                             'note': 'alloy reaches prometheus through the monitoring waypoint instead of '
                                     'monitoring-monitoring-kube-prometheus:9090',
                             'source': 'modes §3 row 12; HEAD alloy/values.yaml:125-140',
                             'values': {'networkPolicies': {'egress': {'from': {'alloy-metrics': {'to': {'k8s': {'monitoring/waypoint:15008': {'podSelector': {'matchLabels': {'gateway.networking.k8s.io/gateway-name': 'monitoring-monitoring-waypoint'}}}}}}}}}}}],
               'package_switches': {'sidecar': {'networkPolicies': {'hbonePortInjection': {'enabled': False}},
                                                'istio': {'ambient': {'enabled': False},
                                                          'authorizationPolicies': {'enabled': False,
                                                                                    'generateFromNetpol': False}}},
                                    'ambient': {'networkPolicies': {'enabled': True,
                                                                    'hbonePortInjection': {'enabled': True}},
                                                'istio': {'enabled': True,
                                                          'ambient': {'enabled': True},
                                                          'authorizationPolicies': {'enabled': True,
                                                                                    'generateFromNetpol': True}}}},
               'source': 'bigbang 3.30.0 per-package monitoring waypoint (059c651e2); monitoring '
                         '87.10.1-bb.2'},
              {'name': 'next (after 3.30)',
               'min': '3.31.0',
               'below': None,
               'released': False,
               'ambient': 'full',
               'istio_key': 'allowed',
               'shared_gateway_values': True,
               'waypoint_model': 'per-package waypoints (monitoring-monitoring-waypoint, thanos-waypoint)',
               'protections': [{'package': 'monitoring',
                                'condition': 'monitoring-sso',
                                'gateway_key': 'ingress.gateway',
                                'pod_labels': ['values.upstream.prometheus.prometheusSpec.podMetadata.labels',
                                               'values.upstream.alertmanager.alertmanagerSpec.podMetadata.labels'],
                                'source': 'bigbang monitoring/values.yaml prometheusSpec/alertmanagerSpec '
                                          'podMetadata.labels '
                                          '(conformance/umbrella/<tag>/sidecar/monitoring/defaults.yaml for '
                                          '3.23.0-HEAD; facts.json for 3.20.0-3.22.1)'},
                               {'package': 'thanos',
                                'condition': 'thanos-sso',
                                'gateway_key': 'ingress.gateway',
                                'pod_labels': ['values.upstream.queryFrontend.podLabels'],
                                'source': 'bigbang 3.26.0-HEAD thanos/values.yaml '
                                          'upstream.queryFrontend.podLabels '
                                          '(conformance/umbrella/{3.26.0,3.29.0,3.30.0,head}/sidecar/thanos/defaults.yaml)'}],
               'authservice_deployed_by': ['authservice-addon', 'monitoring-sso', 'tempo-sso', 'thanos-sso'],
               'enrollments': [{'package': 'monitoring',
                                'condition': 'monitoring-sso',
                                'services': [{'path': 'values.upstream.prometheus.service.labels',
                                              'chart': 'kube-prometheus-stack `prometheus.service.labels`',
                                              'chart_default': {},
                                              'source': 'kube-prometheus-stack (aliased `upstream` in the '
                                                        'Big Bang monitoring chart) values.yaml '
                                                        '`prometheus.service.labels: {}` and '
                                                        'templates/prometheus/service.yaml `if '
                                                        '.Values.prometheus.service.labels`, checked in '
                                                        '82.14.1, 83.4.0, 85.3.3, 87.10.1 and 88.3.0 '
                                                        '(prometheus-community/helm-charts), the versions '
                                                        'Big Bang 3.22 - HEAD bundle; rendered with helm '
                                                        '4.1.4 by the monitoring chart 82.14.1-bb.0 '
                                                        '(conformance/umbrella/nulltest/SERVICE-LABELS.txt)'},
                                             {'path': 'values.upstream.alertmanager.service.labels',
                                              'chart': 'kube-prometheus-stack `alertmanager.service.labels`',
                                              'chart_default': {},
                                              'source': 'kube-prometheus-stack values.yaml '
                                                        '`alertmanager.service.labels: {}` and '
                                                        'templates/alertmanager/service.yaml `if '
                                                        '.Values.alertmanager.service.labels`, checked in '
                                                        '82.14.1 - 88.3.0 as for prometheus; rendered with '
                                                        'helm 4.1.4 '
                                                        '(conformance/umbrella/nulltest/SERVICE-LABELS.txt)'}],
                                'labels': 'monitoring-waypoint',
                                'waypoint': {'name': 'monitoring-monitoring-waypoint',
                                             'namespace': 'monitoring',
                                             'built_by': 'routes'},
                                'routes': ['values.routes.inbound.monitoring-prometheus.authservice.enabled',
                                           'values.routes.inbound.monitoring-alertmanager.authservice.enabled'],
                                'source': 'bigbang 3.30.0 monitoring/values.yaml:303-311,349-356 and routes '
                                          'L119-137; _helpers.tpl:980-987 (modes §1.3)'},
                               {'package': 'thanos',
                                'condition': 'thanos-sso',
                                'services': [{'path': 'values.upstream.queryFrontend.service.labels',
                                              'chart': 'Bitnami thanos `queryFrontend.service.labels`',
                                              'chart_default': {},
                                              'source': 'Bitnami thanos 17.4.0 and 17.6.0 (bitnami/charts '
                                                        'c21afd6f1b, 78410dd9a5; Big Bang thanos 17.4.0-bb.x '
                                                        'and 17.6.0-bb.0 wrap it as `upstream`) values.yaml '
                                                        '`queryFrontend.service.labels: {}`, same template; '
                                                        'rendered with helm 4.1.4 as a subchart aliased '
                                                        '`upstream` (map-level null: no istio.io label)'}],
                                'labels': 'thanos-waypoint',
                                'waypoint': {'name': 'thanos-waypoint',
                                             'namespace': 'thanos',
                                             'built_by': 'routes'},
                                'routes': ['values.routes.inbound.query-frontend.authservice.enabled'],
                                'source': 'bigbang HEAD thanos/values.yaml:66-72,250-255; '
                                          '_helpers.tpl:996-1003; commit 9482e9ccf (modes §1.3)'}],
               'policies': [{'id': 'authservice-waypoint-ingress',
                             'package': 'authservice',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'istio-gateway',
                             'shorthand': 'networkPolicies.ingress.to."authservice-waypoint:15008".from.k8s."istio-gateway/*"',
                             'note': 'HBONE ingress to the shared waypoint; still rendered',
                             'source': 'modes §3 row 4; HEAD authservice/values.yaml:123-131',
                             'values': {'networkPolicies': {'ingress': {'to': {'authservice-waypoint:15008': {'podSelector': {'matchLabels': {'gateway.networking.k8s.io/gateway-name': 'authservice-waypoint'}},
                                                                                                              'from': {'k8s': {'istio-gateway/*': True}}}}}}}},
                            {'id': 'authservice-ingress-from-monitoring-waypoint',
                             'package': 'authservice',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'monitoring-sso',
                             'shorthand': 'networkPolicies.ingress.to."authservice:10003".from.k8s."monitoring/waypoint"',
                             'note': 'ext_authz calls from the monitoring waypoint',
                             'source': 'modes §3 row 2; HEAD authservice/values.yaml:95-102',
                             'values': {'networkPolicies': {'ingress': {'to': {'authservice:10003': {'from': {'k8s': {'monitoring/waypoint': {'podSelector': {'matchLabels': {'gateway.networking.k8s.io/gateway-name': 'monitoring-monitoring-waypoint'}}}}}}}}}}},
                            {'id': 'authservice-ingress-from-thanos-waypoint',
                             'package': 'authservice',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'thanos-sso',
                             'shorthand': 'networkPolicies.ingress.to."authservice:10003".from.k8s."thanos/waypoint"',
                             'note': 'ext_authz calls from the thanos waypoint',
                             'source': 'modes §3 row 3; HEAD authservice/values.yaml:103-108',
                             'values': {'networkPolicies': {'ingress': {'to': {'authservice:10003': {'from': {'k8s': {'thanos/waypoint': {'podSelector': {'matchLabels': {'gateway.networking.k8s.io/gateway-name': 'thanos-waypoint'}}}}}}}}}}},
                            {'id': 'alloy-egress-to-monitoring-waypoint',
                             'package': 'alloy',
                             'modes': ['ambient-waypoint', 'ambient-gateway'],
                             'condition': 'alloy-metrics-sso',
                             'shorthand': 'networkPolicies.egress.from."alloy-metrics".to.k8s."monitoring/waypoint:15008"',
                             'note': 'alloy reaches prometheus through the monitoring waypoint',
                             'source': 'modes §3 row 12; HEAD alloy/values.yaml:125-140',
                             'values': {'networkPolicies': {'egress': {'from': {'alloy-metrics': {'to': {'k8s': {'monitoring/waypoint:15008': {'podSelector': {'matchLabels': {'gateway.networking.k8s.io/gateway-name': 'monitoring-monitoring-waypoint'}}}}}}}}}}}],
               'package_switches': {'sidecar': {'networkPolicies': {'hbonePortInjection': {'enabled': False}},
                                                'istio': {'ambient': {'enabled': False},
                                                          'authorizationPolicies': {'enabled': False,
                                                                                    'generateFromNetpol': False}}},
                                    'ambient': {'networkPolicies': {'enabled': True,
                                                                    'hbonePortInjection': {'enabled': True}},
                                                'istio': {'enabled': True,
                                                          'ambient': {'enabled': True},
                                                          'authorizationPolicies': {'enabled': True,
                                                                                    'generateFromNetpol': True}}}},
               'source': 'bigbang HEAD 1699eff4 (unreleased, Chart.yaml still 3.30.0); thanos-waypoint '
                         'commit 9482e9ccf'}]}
