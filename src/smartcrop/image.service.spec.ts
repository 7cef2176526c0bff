import { BadRequestException, ConflictException, ForbiddenException } from '@nestjs/common';
import { DeskMetrics } from '../metrics/desk-metrics.js';
import {
  asReal,
  fakeConfig,
  FakeClaimRepository,
  FakeDesk,
  FakeImageRepository,
  user,
  FakeSuggestionService,
} from './desk.fakes.js';
import { ImageService } from './image.service.js';
import { LockState, Stage } from './stage.js';

/**
 * The small tier: ImageService's rules (which stage a role claims, resuming held locks, how a transition
 * is planned and applied, and that a half-applied one is rolled back) over in-memory fakes of its
 * repositories; no database, no app.
 */
describe('ImageService (fakes)', () => {
  const operator = user(11, 'Operator');
  const qa = user(12, 'QA');
  const admin = user(13, 'Admin');

  function setup() {
    const desk = new FakeDesk();
    const claims = new FakeClaimRepository(desk);
    const images = new FakeImageRepository(desk);
    const metrics = new DeskMetrics();
    const service = new ImageService(
      fakeConfig,
      asReal(claims),
      asReal(images),
      metrics,
      asReal(new FakeSuggestionService()),
    );
    const transitioned = async () =>
      (await metrics.registry.getSingleMetric('smartcrop_transitions_total')!.get()).values.map((v) => [
        v.labels.action,
        v.value,
      ]);
    return { desk, claims, images, service, transitioned };
  }

  describe('claims the stage of the role', () => {
    it('an Operator claims the Operator stage only, QA the QA stage only', async () => {
      const { desk, service, claims } = setup();
      desk.image({ id: 1, link_object_id: 100, status: Stage.QA });
      const none = await service.claimNext(operator, 'PressSite', operator.id);
      expect(none.data).toEqual([]);
      expect(none.message).toBe('No images are queued for provider PressSite');
      const got = await service.claimNext(qa, 'PressSite', qa.id);
      expect(got.data.map((d) => [d.ImageId, d.Status, d.LockedBy])).toEqual([[1, Stage.QA, qa.id]]);
      expect(claims.calls.map((c) => c.stage)).toEqual([Stage.Operator, Stage.QA]);
    });

    it('Admin claims the Operator stage first and the QA stage when that is empty', async () => {
      const { desk, service } = setup();
      desk.image({ id: 1, link_object_id: 100, status: Stage.QA });
      desk.image({ id: 2, link_object_id: 200, status: Stage.Operator });
      const first = await service.claimNext(admin, 'PressSite', admin.id);
      expect(first.data.map((d) => d.ImageId)).toEqual([2]);
      await service.releaseLocks(admin, admin.id);
      desk.images.get('2')!.status = Stage.Completed;
      const second = await service.claimNext(admin, 'PressSite', admin.id);
      expect(second.data.map((d) => d.ImageId)).toEqual([1]);
      expect(second.message).toBe('Locked 1 images of programme 100');
    });

    it('says who holds the queue when everything is locked', async () => {
      const { desk, service } = setup();
      desk.lock(desk.image({ id: 1, link_object_id: 100 }), 77);
      const res = await service.claimNext(operator, 'PressSite', operator.id);
      expect(res.message).toMatch(/^1 images locked by 1 users, the first lock expires at /);
    });

    it('refuses a user parameter naming someone else (Admin too), before claiming anything', async () => {
      const { desk, service, claims } = setup();
      desk.image({ id: 1, link_object_id: 100 });
      await expect(service.claimNext(operator, 'PressSite', 99)).rejects.toThrow(ForbiddenException);
      await expect(service.claimNext(admin, 'PressSite', 99)).rejects.toThrow(ForbiddenException);
      expect(claims.calls).toEqual([]);
    });
  });

  describe('resume', () => {
    it('gives back the images the caller already holds instead of claiming more', async () => {
      const { desk, service } = setup();
      desk.lock(desk.image({ id: 1, link_object_id: 100 }), operator.id);
      desk.image({ id: 2, link_object_id: 200 });
      const res = await service.claimNext(operator, 'PressSite', operator.id);
      expect(res.message).toBe('Resuming 1 images you already hold');
      expect(res.data.map((d) => d.ImageId)).toEqual([1]);
      expect(desk.images.get('2')!.current_state).toBe(LockState.Free);
    });
  });

  describe('UpdateStatus', () => {
    it('takes the one-statement path for an unambiguous move: the programme, from the stage it implies', async () => {
      const { desk, images, service } = setup();
      for (const id of [1, 2]) desk.lock(desk.image({ id, link_object_id: 100 }), operator.id);
      const res = await service.updateStatus(operator, 100, { status: Stage.QA });
      expect(res.data).toEqual({ RowsChanged: 2, Status: Stage.QA, CurrentState: LockState.Free });
      expect(images.transitions).toEqual([
        { action: 'operator_done', target: 'programme 100', from: [Stage.Operator], inTransaction: false },
      ]);
    });

    it('checks a reject reason before any write', async () => {
      const { desk, images, service } = setup();
      desk.lock(desk.image({ id: 1, link_object_id: 100 }), operator.id);
      await expect(
        service.updateStatus(operator, 100, { status: Stage.Rejected, rejectReasonId: 9 }),
      ).rejects.toThrow(new BadRequestException('RejectReasonId 9 is not a known reject reason'));
      expect(images.transitions).toEqual([]);
    });

    it('when the quick path moves nothing, looks closer: holding nothing is a 409', async () => {
      const { desk, service } = setup();
      desk.lock(desk.image({ id: 1, link_object_id: 100 }), 77);
      await expect(service.updateStatus(operator, 100, { status: Stage.QA })).rejects.toThrow(
        new ConflictException('You hold no images of programme 100'),
      );
    });

    it('plans every held stage before writing: a move one stage cannot make changes nothing', async () => {
      const { desk, images, service } = setup();
      desk.lock(desk.image({ id: 1, link_object_id: 100, status: Stage.Operator }), admin.id);
      desk.lock(desk.image({ id: 2, link_object_id: 100, status: Stage.QA }), admin.id);
      await expect(service.updateStatus(admin, 100, { status: Stage.Rejected })).rejects.toThrow(
        new BadRequestException('Rejecting images needs a RejectReasonId'),
      );
      expect(images.transitions).toEqual([]);
      // the quick path approves what is at the QA stage; the image at the Operator stage cannot be approved
      const res = await service.updateStatus(admin, 100, { status: Stage.Completed });
      expect(res.data).toEqual({ RowsChanged: 1, Status: Stage.Completed, CurrentState: LockState.Free });
      await expect(service.updateStatus(admin, 100, { status: Stage.Completed })).rejects.toThrow(
        new ConflictException(
          'Images at status 1 (Operator (awaiting crops)) cannot move to status 3 (Completed)',
        ),
      );
      expect(images.transitions.map((t) => t.target)).toEqual(['programme 100', 'programme 100']);
      expect(desk.images.get('1')).toMatchObject({ status: Stage.Operator, locked_by: admin.id });
    });

    it('several stages move in one transaction: one that changed hands rolls every one back', async () => {
      const { desk, images, service, transitioned } = setup();
      desk.lock(desk.image({ id: 1, link_object_id: 100, status: Stage.Operator }), admin.id);
      desk.lock(desk.image({ id: 2, link_object_id: 100, status: Stage.QA }), admin.id);
      images.transition = (...args) => {
        // the one-statement path is made to move nothing, so the per-stage path in a transaction runs
        if ('programId' in args[1]) return Promise.resolve([]);
        if (args[3][0] === Stage.QA) images.stealBeforeTransition = ['2'];
        return FakeImageRepository.prototype.transition.apply(images, args);
      };
      await expect(
        service.updateStatus(admin, 100, { status: Stage.Rejected, rejectReasonId: 1 }),
      ).rejects.toThrow(
        new ConflictException('Some of these images are no longer locked by you; nothing was changed'),
      );
      expect(desk.events).toEqual(['begin', 'transition reject 1', 'transition reject 0', 'rollback']);
      // image 1 was rejected inside the transaction, and is back as it was
      expect(desk.images.get('1')).toMatchObject({ status: Stage.Operator, locked_by: admin.id });
      expect(await transitioned()).toEqual([]);
    });

    it('several stages that all move commit together and count once', async () => {
      const { desk, images, service, transitioned } = setup();
      desk.lock(desk.image({ id: 1, link_object_id: 100, status: Stage.Operator }), admin.id);
      desk.lock(desk.image({ id: 2, link_object_id: 100, status: Stage.QA }), admin.id);
      desk.lock(desk.image({ id: 3, link_object_id: 100, status: Stage.QA }), admin.id);
      const res = await service.updateStatus(admin, 100, { status: Stage.QA, currentState: 0 });
      expect(res.data).toEqual({ RowsChanged: 2, Status: Stage.QA, CurrentState: LockState.Free });
      images.transitions = [];
      desk.events = [];
      desk.lock(desk.images.get('2')!, admin.id);
      desk.lock(desk.images.get('3')!, admin.id);
      images.transition = (...args) =>
        'programId' in args[1]
          ? Promise.resolve([])
          : FakeImageRepository.prototype.transition.apply(images, args);
      const both = await service.updateStatus(admin, 100, { status: Stage.Rejected, rejectReasonId: 2 });
      expect(both.data).toMatchObject({ RowsChanged: 3, Status: Stage.Rejected });
      expect(desk.events).toEqual(['begin', 'transition reject 1', 'transition reject 2', 'commit']);
      expect(images.transitions).toEqual([
        { action: 'reject', target: 'ids 1', from: [Stage.Operator], inTransaction: true },
        { action: 'reject', target: 'ids 2,3', from: [Stage.QA], inTransaction: true },
      ]);
      expect(await transitioned()).toEqual([
        ['release', 2],
        ['reject', 3],
      ]);
    });
  });

  it('releases every lock of a user; Admin may name anyone there', async () => {
    const { desk, service } = setup();
    desk.lock(desk.image({ id: 1, link_object_id: 100 }), operator.id);
    await expect(service.releaseLocks(qa, operator.id)).rejects.toThrow(ForbiddenException);
    const res = await service.releaseLocks(admin, operator.id);
    expect(res.data).toEqual({ UserId: operator.id, Released: 1 });
    expect(desk.images.get('1')!.current_state).toBe(LockState.Free);
  });
});
