import {
  StepPipeline,
  type PipelineDefinition,
  type PipelineStep,
  type StepInput,
} from '@nest-resilience/workflows';
import { FhirServerClient } from '../clients/fhir-server.client.js';
import type { TargetRecord } from '../clients/target-record.interface.js';
import {
  TerminologyClient,
  type Concept,
} from '../clients/terminology.client.js';
import { PayloadChecker } from './payload.checker.js';

/** Payload of a `patient-record` message: a patient and their observations. */
export interface PatientRecord {
  patient: { id: string; family: string; given?: string; birthDate?: string };
  observations: { code: string; value: number; unit?: string }[];
}

/** What the `enrich` step outputs: display names of the observation codes. */
export interface Enrichment {
  concepts: Concept[];
  /** False when the terminology server could not be asked and the fallback stood in. */
  enriched: boolean;
}

/**
 * `patient-record`: validate, transform into a FHIR transaction bundle, enrich the codes from
 * the terminology server (optional: without it the bundle goes out with bare codes), deliver
 * to the FHIR server. Nothing to undo: a delivered bundle is the end of the line.
 */
@StepPipeline()
export class PatientRecordPipeline implements PipelineDefinition<PatientRecord> {
  readonly type = 'patient-record';
  readonly steps: readonly PipelineStep<PatientRecord>[];

  constructor(
    private readonly terminology: TerminologyClient,
    private readonly fhir: FhirServerClient,
  ) {
    this.steps = [
      { name: 'validate', run: (input) => this.validate(input) },
      { name: 'transform', run: (input) => this.transform(input) },
      {
        name: 'enrich',
        system: 'terminology-server',
        run: (input) => this.enrich(input),
        fallback: (): Enrichment => ({ concepts: [], enriched: false }),
      },
      {
        name: 'deliver',
        system: 'fhir-server',
        run: (input) => this.deliver(input),
      },
    ];
  }

  /** Checks the payload's shape. @throws InvalidMessagePayloadError */
  validate(input: StepInput<PatientRecord>): Promise<{ observations: number }> {
    new PayloadChecker(this.type)
      .text(input.payload, '/patient/id')
      .text(input.payload, '/patient/family')
      .list(input.payload, '/observations', (check, item) =>
        check.text(input.payload, `${item}/code`),
      )
      .done();
    return Promise.resolve({ observations: input.payload.observations.length });
  }

  /** Builds the FHIR transaction bundle. */
  transform(input: StepInput<PatientRecord>): Promise<unknown> {
    const { patient, observations } = input.payload;
    const subject = { reference: `Patient/${patient.id}` };
    return Promise.resolve({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: {
            resourceType: 'Patient',
            id: patient.id,
            name: [
              {
                family: patient.family,
                given: [patient.given].filter(Boolean),
              },
            ],
            birthDate: patient.birthDate,
          },
          request: { method: 'PUT', url: `Patient/${patient.id}` },
        },
        ...observations.map((o) => ({
          resource: {
            resourceType: 'Observation',
            status: 'final',
            subject,
            code: { coding: [{ code: o.code }] },
            valueQuantity: { value: o.value, unit: o.unit },
          },
          request: { method: 'POST', url: 'Observation' },
        })),
      ],
    });
  }

  /** Looks the observation codes up. */
  async enrich(input: StepInput<PatientRecord>): Promise<Enrichment> {
    const codes = [...new Set(input.payload.observations.map((o) => o.code))];
    const { concepts } = await this.terminology.lookup(
      codes,
      input.idempotencyKey,
    );
    return { concepts, enriched: true };
  }

  /** Delivers the bundle, with display names where the enrichment found them. */
  deliver(input: StepInput<PatientRecord>): Promise<TargetRecord> {
    const bundle = input.outputs.transform as {
      entry: {
        resource: { code?: { coding: { code: string; display?: string }[] } };
      }[];
    };
    const displays = new Map(
      (input.outputs.enrich as Enrichment).concepts.map((c) => [
        c.code,
        c.display,
      ]),
    );
    const entry = bundle.entry.map((e) => {
      const coding = e.resource.code?.coding.map((c) => ({
        ...c,
        display: displays.get(c.code),
      }));
      return coding
        ? { ...e, resource: { ...e.resource, code: { coding } } }
        : e;
    });
    return this.fhir.transact({ ...bundle, entry }, input.idempotencyKey);
  }
}
